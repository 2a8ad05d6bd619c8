"""Forms of the submission (``submission``), of the review page (``review``) and what
both share (``common``)."""

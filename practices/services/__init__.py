"""Writes and state changes of practices.

- :mod:`.workflow`: the review workflow, edits of the record, reports, private links;
- :mod:`.search_index`: the search document and facet keys kept on each practice;
- :mod:`.vocabularies`: the controlled vocabularies' terms, as far as the facet keys
  depend on them;
- :mod:`.comparison`: the visitor's selection of practices to compare.
"""

from . import comparison, search_index, vocabularies, workflow
from .comparison import *  # noqa: F403
from .search_index import *  # noqa: F403
from .vocabularies import *  # noqa: F403
from .workflow import *  # noqa: F403

__all__ = [*workflow.__all__, *search_index.__all__, *vocabularies.__all__, *comparison.__all__]

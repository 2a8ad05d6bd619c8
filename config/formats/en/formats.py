# British English, as the site writes: "1 January 2014" for a full date, "4 Dec 2026"
# for a short one. Input formats are Django's (ISO dates first).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

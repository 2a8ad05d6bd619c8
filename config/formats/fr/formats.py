# Django's French formats, and the first of the month: "1er janvier 2014"
# (config.formats.full_date uses these for a date on the first of a month).
FIRST_OF_MONTH_DATE_FORMAT = r"j\e\r F Y"
FIRST_OF_MONTH_DATETIME_FORMAT = r"j\e\r F Y H:i"

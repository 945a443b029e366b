"""Danish date formats for the whole project (FORMAT_MODULE_PATH): one date style, "6. dec. 2026",
and one month style, "nov. 2026" (Django's Danish month abbreviations: jan., feb., marts, april,
maj, juni, juli, aug., sept., okt., nov., dec.)."""

DATE_FORMAT = "j. N Y"
SHORT_DATE_FORMAT = "j. N Y"
DATETIME_FORMAT = "j. N Y H:i"
SHORT_DATETIME_FORMAT = "j. N Y H:i"
YEAR_MONTH_FORMAT = "N Y"
MONTH_DAY_FORMAT = "j. N"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1

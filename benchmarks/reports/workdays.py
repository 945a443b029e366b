"""Danish working days: Monday-Friday except public holidays (helligdage)."""

import datetime


def easter(year):
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return datetime.date(year, month, day)


def holidays(year):
    """Danish public holidays of year (store bededag abolished from 2024)."""
    e = easter(year)
    offsets = [-3, -2, 0, 1, 39, 49, 50]  # skærtorsdag ... 2. pinsedag
    if year < 2024:
        offsets.append(26)  # store bededag
    days = {e + datetime.timedelta(days=o) for o in offsets}
    days |= {datetime.date(year, 1, 1), datetime.date(year, 12, 25), datetime.date(year, 12, 26)}
    days |= {datetime.date(year, 6, 5), datetime.date(year, 12, 24), datetime.date(year, 12, 31)}
    return days


def is_working_day(day):
    return day.weekday() < 5 and day not in holidays(day.year)

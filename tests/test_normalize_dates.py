"""Dates: eras, western dates in five languages, ranges, fiscal years, round-trips."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koryu.normalize.dates import (
    era_to_western,
    fiscal_year_bounds,
    parse_date,
    parse_date_checked,
    parse_date_range,
    parse_fiscal_year,
    to_wareki,
)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("平成8（1996）年6月24日", "1996-06-24"),
        ("平成13(2001)年2月1日", "2001-02-01"),
        ("平成２４（２０１２）年５月２３日", "2012-05-23"),
        ("昭和55年", "1980"),
        ("昭和57年4月", "1982-04"),
        ("令和元年5月1日", "2019-05-01"),
        ("明治元年", "1868"),
        ("大正十五年", "1926"),
        ("H22", "2010"),
        ("S55", "1980"),
        ("R2", "2020"),
        ("H22年度", "2010"),
        ("H22.4.1", "2010-04-01"),
        ("2017年7月26日(水)", "2017-07-26"),
        ("2017年7月26日", "2017-07-26"),
        ("二〇一七年", "2017"),
        ("二〇一七年七月二十六日", "2017-07-26"),
        ("2017년 7월 26일", "2017-07-26"),
        ("28 июля 1995 г.", "1995-07-28"),
        ("3 августа 1995 г.", "1995-08-03"),
        ("в мае 2001 года", "2001-05"),
        ("26 July 2017", "2017-07-26"),
        ("July 26, 2017", "2017-07-26"),
        ("Dec 2017", "2017-12"),
        ("2017-12-12", "2017-12-12"),
        ("2010.10.6", "2010-10-06"),
        ("2012年2月", "2012-02"),
        ("2012年2月8日、9日 フォーラム", "2012-02-08"),
        ("平成4（1992）年から開始", "1992"),
        ("1995", "1995"),
        ("S56.7.1", "1981-07-01"),
        ("H9.12.12", "1997-12-12"),
        ("R元.5.1", "2019-05-01"),
        ("平成元年", "1989"),
        ("2019. 5. 1.", "2019-05-01"),
        ("2012. 9. 25", "2012-09-25"),
        ("19.11.2019", "2019-11-19"),
        ("01.02.1995 г.", "1995-02-01"),
        ("5 мая 2019 г.", "2019-05-05"),
        ("on the 23rd of April 1965", "1965-04-23"),
    ],
)
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "text", ["", "--", "なし", "未定", "2017年13月1日", "2017年2月30日", "tel 011-211-2444"]
)
def test_parse_date_none(text):
    assert parse_date(text) is None


def test_western_year_wins_over_era_year_with_a_warning():
    iso, warnings = parse_date_checked("平成8（1997）年6月24日")
    assert iso == "1997-06-24"
    assert len(warnings) == 1 and warnings[0].startswith("era-year-mismatch")


def test_consistent_era_and_western_year_have_no_warning():
    assert parse_date_checked("平成8（1996）年6月24日") == ("1996-06-24", [])


def test_date_after_its_era_ended_is_flagged():
    iso, warnings = parse_date_checked("平成31年6月1日")
    assert iso == "2019-06-01"
    assert warnings and warnings[0].startswith("era-out-of-range")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2017年7月26日(水)～28日(金)", ("2017-07-26", "2017-07-28")),
        ("平成20年8月4日(月)〜8月8日(金)(4泊5日)", ("2008-08-04", "2008-08-08")),
        ("2019년 10월 7일~10일(3박 4일)", ("2019-10-07", "2019-10-10")),
        ("平成23年11月1日から12月1日まで", ("2011-11-01", "2011-12-01")),
        ("平成21年10月23～25日", ("2009-10-23", "2009-10-25")),
        ("28 июля-3 августа 1995 г.", ("1995-07-28", "1995-08-03")),
        ("13-19 июля 2001 г.", ("2001-07-13", "2001-07-19")),
        ("24 августа-31 августа 1997 г.", ("1997-08-24", "1997-08-31")),
        ("2-6 ноября 1995 г.", ("1995-11-02", "1995-11-06")),
        ("26 августа-2 сентября 2002 г.", ("2002-08-26", "2002-09-02")),
        ("平成6～11年", ("1994", "1999")),
        ("2017年12月28日～1月5日", ("2017-12-28", "2018-01-05")),
        ("28 декабря 1995 г.-5 января 1996 г.", ("1995-12-28", "1996-01-05")),
        ("28 декабря-5 января 1996 г.", ("1995-12-28", "1996-01-05")),
        ("July 26-28, 2017", ("2017-07-26", "2017-07-28")),
        ("26-28 July 2017", ("2017-07-26", "2017-07-28")),
        ("2017-12-01 - 2017-12-05", ("2017-12-01", "2017-12-05")),
        ("2017-12-12", ("2017-12-12", "2017-12-12")),
        ("平成8（1996）年6月24日", ("1996-06-24", "1996-06-24")),
        ("19.11.2019 - 21.11.2019", ("2019-11-19", "2019-11-21")),
        ("2019.5.1～5.3", ("2019-05-01", "2019-05-03")),
        ("July 5-8, 2000", ("2000-07-05", "2000-07-08")),
        ("Oct. 29-Nov. 1, 2006", ("2006-10-29", "2006-11-01")),
        ("", (None, None)),
    ],
)
def test_parse_date_range(text, span):
    assert parse_date_range(text) == span


@pytest.mark.parametrize(
    ("text", "fy"),
    [
        ("平成22年度", "2010"),
        ("2002年度", "2002"),
        ("平成19~21年度", "2007-2009"),
        ("平成19～21年度", "2007-2009"),
        ("平成15年度~", "2003-"),
        ("平成22年度 (平成10年度より2年おきに実施)", "2010"),
        ("平成元年度", "1989"),
        ("H22年度", "2010"),
        ("", None),
        ("--", None),
    ],
)
def test_parse_fiscal_year(text, fy):
    assert parse_fiscal_year(text) == fy


def test_fiscal_year_bounds():
    assert fiscal_year_bounds("2010") == ("2010-04-01", "2011-03-31")
    assert fiscal_year_bounds("2007-2009") == ("2007-04-01", "2010-03-31")
    assert fiscal_year_bounds("2003-") == ("2003-04-01", None)
    with pytest.raises(ValueError):
        fiscal_year_bounds("平成22")


def test_era_year_zero_is_no_date():
    assert parse_date("H0") is None
    assert parse_fiscal_year("H0年度") is None
    assert parse_date_range("平成0～3年") == (None, None)


def test_era_to_western():
    assert era_to_western("平成", 8) == 1996
    assert era_to_western("H", 22) == 2010
    assert era_to_western("昭和", 64) == 1989
    assert era_to_western("令和", 1) == 2019
    with pytest.raises(ValueError):
        era_to_western("慶応", 3)


def test_to_wareki():
    assert to_wareki("1996-06-24") == "平成8年6月24日"
    assert to_wareki("1996-06-24", western=True) == "平成8（1996）年6月24日"
    assert to_wareki("1989-01-07") == "昭和64年1月7日"
    assert to_wareki("1989-01-08") == "平成元年1月8日"
    assert to_wareki("2019-05") == "令和元年5月"


@given(st.text())
def test_parsers_never_crash(text):
    parse_date(text)
    parse_date_checked(text)
    parse_date_range(text)
    parse_fiscal_year(text)


@given(
    st.text(
        alphabet="平成昭和令和HSR年月日度元0123456789（）()～~-.から まで一二十〇июляDec ",
        max_size=30,
    )
)
def test_parsers_never_crash_on_date_like_text(text):
    parse_date(text)
    parse_date_range(text)
    parse_fiscal_year(text)


@given(st.dates(min_value=dt.date(1873, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_wareki_round_trip(day):
    iso = day.isoformat()
    assert parse_date(to_wareki(iso)) == iso
    assert parse_date(to_wareki(iso, western=True)) == iso
    assert parse_date(to_wareki(iso[:7])) == iso[:7]
    assert parse_date_checked(to_wareki(iso, western=True))[1] == []


@given(st.integers(min_value=1900, max_value=2100), st.integers(min_value=0, max_value=5))
def test_fiscal_year_span_round_trip(first, length):
    fy = f"{first}" if length == 0 else f"{first}-{first + length}"
    text = f"{first}年度" if length == 0 else f"{first}～{first + length}年度"
    assert parse_fiscal_year(text) == fy
    start, end = fiscal_year_bounds(fy)
    assert start == f"{first}-04-01" and end == f"{first + length + 1}-03-31"

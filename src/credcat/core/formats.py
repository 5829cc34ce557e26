"""Numbers, money, dates, language and country names in a page's language, from CLDR (Babel).

Every value a page writes out in its language goes through one ``Formats`` (and the Jinja
filters it gives: ``number``, ``money``, ``date``, ``language_name``, ``country_name``), so a
theme never formats by hand. The CLDR data is that of the installed Babel: its version is one
of the inputs of the output (the build cache's code salt includes it).

A language CLDR does not know (a private tag, say) is formatted as English, and its own name
falls back to its code; ``unknown_languages`` lets the build warn about such a language.
"""

from __future__ import annotations

import copy
import datetime
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import babel
from babel import Locale, UnknownLocaleError, localedata
from babel.dates import format_date
from babel.numbers import (
    NumberPattern,
    format_decimal,
    get_currency_precision,
    get_currency_symbol,
    parse_pattern,
)

BABEL_VERSION = babel.__version__
"""The Babel (and so CLDR) release whose data the pages are formatted with."""

FALLBACK = "en"


@cache
def locale_of(lang: str) -> Locale | None:
    """The CLDR locale of a BCP 47 tag ('ms', 'zh-Hant', 'pt-BR'), or None when CLDR lacks it."""
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


def known_language(lang: str) -> bool:
    """Whether CLDR has data for the language of ``lang``."""
    return locale_of(lang) is not None


def unknown_languages(languages: Iterable[str]) -> list[str]:
    """The tags of ``languages`` CLDR has no data for (formatted as English, named by code)."""
    return [lang for lang in languages if not known_language(lang)]


def _home(lang: str, currency: str) -> Locale | None:
    """The language ``lang`` as written in the country of ``currency`` (ms with IDR: ms_ID),
    when CLDR has that locale. An ISO 4217 code starts with its country's ISO 3166 code."""
    base = locale_of(lang) or Locale.parse(FALLBACK)
    here = f"{base.language}_{currency[:2].upper()}"
    return Locale.parse(here) if currency[:2].isalpha() and localedata.exists(here) else None


@cache
def _home_symbols(lang: str) -> dict[str, list[str]]:
    """Symbol -> the currencies that write it so in their own country, in language ``lang``."""
    base = locale_of(lang) or Locale.parse(FALLBACK)
    found: dict[str, list[str]] = {}
    for code in sorted(base.currencies):
        home = _home(lang, code)
        if home is not None:
            found.setdefault(get_currency_symbol(code, home), []).append(code)
    return found


@cache
def _money_locale(lang: str, currency: str) -> Locale:
    """Where money in ``currency`` is formatted for a page in ``lang``.

    The currency's own country, when CLDR has the language there and its symbol there is no
    other country's: English with MYR is en_MY, so the ringgit is 'RM', as Malaysians write
    it, not 'MYR'. Singapore's '$' is also the United States', so SGD on an English page
    stays 'SGD'. Otherwise the page's language itself.
    """
    base = locale_of(lang) or Locale.parse(FALLBACK)
    home = _home(lang, currency)
    if home is None:
        return base
    symbol = get_currency_symbol(currency, home)
    if _home_symbols(lang).get(symbol, [currency]) != [currency]:
        return base
    return home


NBSP = "\u00a0"


def _spaced(text: str, symbol: str) -> str:
    """CLDR's currency spacing: a no-break space between a symbol that ends (or starts) with
    a letter and the digits next to it ('RM 350', '350 MYR'; '$650' stays). Babel leaves
    this step out; browsers (ICU) do it, so the same amount reads the same in scripts."""
    if not symbol:
        return text
    at = text.find(symbol)
    if at < 0:
        return text
    end = at + len(symbol)
    if end < len(text) and text[end].isdigit() and _not_symbol(symbol[-1]):
        return text[:end] + NBSP + text[end:]
    if at > 0 and text[at - 1].isdigit() and _not_symbol(symbol[0]):
        return text[:at] + NBSP + text[at:]
    return text


def _not_symbol(char: str) -> bool:
    return not unicodedata.category(char).startswith(("S", "Z"))


@dataclass(frozen=True, slots=True)
class Formats:
    """Formats values in one language."""

    lang: str
    locale: Locale = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "locale", locale_of(self.lang) or Locale.parse(FALLBACK))

    def number(self, value: float) -> str:
        """'1.5' in English, '1,5' in Indonesian; whole numbers without decimals."""
        return _number(self.lang, value)

    def money(self, amount: float, currency: str) -> str:
        """'RM 350' (ms), 'Rp 1.500.000' (id), 'SGD 650' (en): CLDR's pattern and spacing,
        without decimals when the amount is whole."""
        return _money(self.lang, float(amount), currency)

    def date(self, value: str | datetime.date, style: str = "medium") -> str:
        """'4 Mac 2025' (ms, medium), 'March 4, 2025' (en, long) of an ISO date.

        A value that is not an ISO date (a schema check would have said so) is written as it is.
        """
        if not isinstance(value, str):
            return str(format_date(value, style, locale=self.locale))
        return _date(self.lang, value, style)

    def language_name(self, tag: str, in_lang: str | None = None) -> str:
        """The name of language ``tag`` in this language (or in ``in_lang``); else the tag."""
        return _language_name(tag, in_lang or self.lang)

    def country_name(self, code: str) -> str:
        """The name of country or territory ``code`` (ISO 3166) in this language; else the code."""
        name = self.locale.territories.get(code.upper())
        return str(name) if name else code

    def plural_category(self, count: float) -> str:
        """CLDR's plural category of ``count`` in this language ('one', 'other', ...)."""
        return str(self.locale.plural_form(count))

    def plural_samples(self) -> dict[str, int]:
        """A whole number of each plural category this language has, smallest first."""
        return dict(_plural_samples(self.lang))

    def filters(self) -> dict[str, Callable[..., str]]:
        """The Jinja filters of this language."""
        return {
            "number": self.number,
            "money": self.money,
            "date": self.date,
            "language_name": self.language_name,
            "country_name": self.country_name,
        }


AUTONYMS = {"ms": "Bahasa Melayu", "id": "Bahasa Indonesia"}
"""Names of a language in itself where CLDR's short form ('Melayu', 'Indonesia', which are
also the names of a people and a country) is not what a language menu says."""


@lru_cache(maxsize=4096)
def _number(lang: str, value: float) -> str:
    locale = locale_of(lang) or Locale.parse(FALLBACK)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(format_decimal(value, locale=locale, group_separator=True))


@lru_cache(maxsize=4096)
def _money(lang: str, amount: float, currency: str) -> str:
    locale = _money_locale(lang, currency)
    whole = amount.is_integer()
    digits = 0 if whole else get_currency_precision(currency)
    pattern = _money_pattern(str(locale), digits)
    value = int(amount) if whole else amount
    text = pattern.apply(value, locale, currency=currency, currency_digits=False)
    return _spaced(str(text), get_currency_symbol(currency, locale))


@cache
def _money_pattern(locale: str, digits: int) -> NumberPattern:
    """The locale's standard currency pattern with exactly ``digits`` decimals."""
    pattern = copy.copy(parse_pattern(Locale.parse(locale).currency_formats["standard"].pattern))
    pattern.frac_prec = (digits, digits)
    return pattern


@lru_cache(maxsize=4096)
def _date(lang: str, value: str, style: str) -> str:
    try:
        day = datetime.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return str(format_date(day, style, locale=locale_of(lang) or Locale.parse(FALLBACK)))


@cache
def _plural_samples(lang: str) -> tuple[tuple[str, int], ...]:
    locale = locale_of(lang) or Locale.parse(FALLBACK)
    samples: dict[str, int] = {}
    for n in range(0, 1100):
        samples.setdefault(str(locale.plural_form(n)), n)
    return tuple(samples.items())


@cache
def _language_name(tag: str, in_lang: str) -> str:
    if tag.lower() == in_lang.lower() and tag.lower() in AUTONYMS:
        return AUTONYMS[tag.lower()]
    target = locale_of(tag)
    where = locale_of(in_lang) or Locale.parse(FALLBACK)
    if target is None:
        return tag
    bare = tag.lower()
    if "-" not in bare and "_" not in bare:
        # A bare language ('tl') is named as one, not as the locale Babel aliases it to
        # ('fil_PH', which would read "Filipino (Philippines)").
        name = str(where.languages.get(bare) or where.languages.get(target.language) or "")
    else:
        name = target.get_display_name(where) or ""
    if not name:
        return tag
    # CLDR writes some names in lower case ('bahasa Melayu' is 'Melayu'; French 'anglais'):
    # a name standing alone, as in a list or a menu, starts with a capital.
    return name[:1].upper() + name[1:]

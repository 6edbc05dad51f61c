"""The formulas that read a target and an actual typed as text, in functions Excel 2010, WPS and
LibreOffice all evaluate (no LET, LAMBDA, REGEX or dynamic arrays): the Excel side of
:mod:`udfs.written`, which holds the grammar. Arrays appear only as constants inside MIN,
SUMPRODUCT and MATCH, which every engine evaluates without array entry.

A text ``t`` is cleaned (ASC, spaces and line breaks removed), then split at its first digit:
the words before it, the number (as many characters as the text has digits and points), and the
tail, a unit and a closing word (以上 / 以内 …).
"""

from __future__ import annotations

from udfs.written import AT_LEAST_WORDS, AT_MOST_WORDS, NOT_IN_UNIT, STRICT_WORDS, SUFFIXES, UNIT_LENGTH

_DIGITS = "{0,1,2,3,4,5,6,7,8,9}"
_NUMBER_CHARS = '{0,1,2,3,4,5,6,7,8,9,"."}'


def _strings(words: tuple[str, ...]) -> str:
    return "{" + ",".join(f'"{w}"' for w in words) + "}"


def _one_of(text: str, words: tuple[str, ...]) -> str:
    """Exact membership (``=`` compares without wildcards, unlike MATCH)."""
    return f"SUMPRODUCT(--({text}={_strings(words)}))>0"


def clean(ref: str) -> str:
    return f'SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(ASC({ref})," ",""),"\u3000",""),CHAR(10),"")'


def _first_digit(s: str) -> str:
    return f'MIN(FIND({_DIGITS},{s}&"0123456789"))'


def _number_length(s: str) -> str:
    return f'SUMPRODUCT(LEN({s})-LEN(SUBSTITUTE({s},{_NUMBER_CHARS},"")))'


class _Parts:
    """The pieces of the cleaned text in cell ``s`` (see :func:`written_text`) as Excel expressions."""

    def __init__(self, s: str):
        self.s = s
        self.first = _first_digit(s)
        self.length = _number_length(s)
        self.words = f"LEFT({s},{self.first}-1)"
        self.number = f"MID({s},{self.first},{self.length})"
        self.tail = f"MID({s},{self.first}+{self.length},99)"

    def has_digit(self) -> str:
        return f"{self.first}<=LEN({self.s})"

    def read_if(self, *conditions: str) -> str:
        """A digit, the number well formed and ``conditions``; AND evaluates every argument, so
        the rest only where there is a digit."""
        return f'IF({self.has_digit()},AND({",".join((self.number_ok(),) + conditions)}),FALSE)'

    def number_ok(self) -> str:
        """Every digit and point of the text in the number, at most one point, a digit at its end."""
        n, s = self.number, self.s
        return (f'SUMPRODUCT(LEN({n})-LEN(SUBSTITUTE({n},{_NUMBER_CHARS},"")))={self.length},'
                f'LEN({s})-LEN(SUBSTITUTE({s},".",""))<=1,'
                f'MID({s},{self.first}+{self.length}-1,1)<>"."')

    def suffix_length(self) -> str:
        t = self.tail
        three = tuple(w for w, _ in SUFFIXES if len(w) == 3)
        two = tuple(w for w, _ in SUFFIXES if len(w) == 2)
        return f"IF({_one_of(f'RIGHT({t},3)', three)},3,IF({_one_of(f'RIGHT({t},2)', two)},2,0))"

    def unit(self) -> str:
        return f"LEFT({self.tail},LEN({self.tail})-{self.suffix_length()})"

    def tail_is_unit(self) -> str:
        """The tail is a unit (:func:`udfs.written.unit_like`), for an actual."""
        t = self.tail
        return f'OR({t}="%",AND(LEN({t})<={UNIT_LENGTH},{_no_sign(t)}))'

    def tail_is_unit_and_suffix(self) -> str:
        """The tail is a unit and a closing word, for a target."""
        t = self.tail
        percent = ("%",) + tuple("%" + w for w, _ in SUFFIXES)
        return (f'AND({_no_sign(t, "%")},OR(ISERROR(FIND("%",{t})),{_one_of(t, percent)}),'
                f"LEN({t})-{self.suffix_length()}<={UNIT_LENGTH})")


def _no_sign(text: str, allowed: str = "") -> str:
    signs = tuple(ch for ch in NOT_IN_UNIT if ch not in allowed)
    return f"SUMPRODUCT(--ISNUMBER(FIND({_strings(signs)},{text})))=0"


def written_text(ref: str) -> str:
    """The cell's text as the formulas read it; empty for a number."""
    return f'IF(ISNUMBER({ref}),"",{clean(ref)})'


def target_value(target: str, text: str) -> str:
    """The target's number (a fraction for %), or empty where the text is not read."""
    p = _Parts(text)
    ok = p.read_if(_one_of(p.words, AT_LEAST_WORDS + AT_MOST_WORDS), p.tail_is_unit_and_suffix())
    value = f'VALUE({p.number})/IF(LEFT({p.tail},1)="%",100,1)'
    # 大于0 is met only above 0, a bare 0 (安全事故0起) only at 0: both left to jixiao check
    strict_zero = f"AND({_one_of(p.words, (*STRICT_WORDS, ''))},VALUE({p.number})=0)"
    return f'IF(ISNUMBER({target}),{target},IF({ok},IF({strict_zero},"",{value}),""))'


def target_unit(text: str, value: str) -> str:
    """The target's unit where it is read (:func:`target_value` in cell ``value``)."""
    return f'IF(AND(ISNUMBER({value}),{text}<>""),{_Parts(text).unit()},"")'


def target_direction(target: str, text: str, value: str) -> str:
    """正向 / 反向 read from the words or the closing word, 定性 for a text without a digit."""
    p = _Parts(text)
    at_most_suffix = tuple(w for w, d in SUFFIXES if d.value == "反向")
    by_suffix = f'IF({_one_of(f"RIGHT({p.tail},{p.suffix_length()})", at_most_suffix)},"反向","正向")'
    by_words = f'IF({_one_of(p.words, AT_MOST_WORDS)},"反向","正向")'
    read = f"IF({p.suffix_length()}>0,{by_suffix},{by_words})"
    return (f'IF(ISNUMBER({target}),"正向",IF({text}="","",IF(NOT({p.has_digit()}),"定性",'
            f'IF(ISNUMBER({value}),{read},""))))')


def actual_value(actual: str, text: str, unit: str) -> str:
    """The actual's number: a number, or a text of a number and a unit matching the target's."""
    p = _Parts(text)
    tail = p.tail
    ok = p.read_if(f"{p.first}=1", p.tail_is_unit(), f'OR({unit}="",{tail}="",EXACT({tail},{unit}))')
    value = f'VALUE({p.number})/IF({tail}="%",100,1)'
    return f'IF(ISNUMBER({actual}),{actual},IF({ok},{value},""))'


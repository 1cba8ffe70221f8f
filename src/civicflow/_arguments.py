"""The arguments of a public call, checked against its annotations when the call fails.

A public function given an argument of the wrong type (a start that is no datetime, a
calendar given as a zone name, a report where a rate book belongs) should name that argument
and say what it expects, not fail deep inside with a ``TypeError`` or an ``AttributeError``.
Checking every argument of every call would cost the hot paths, so the check runs only when
a call raises something that is not a :class:`~civicflow.errors.CivicflowError`: the
arguments are compared with the annotations of the function, and the first that does not fit
them is named in an :class:`~civicflow.errors.ArgumentTypeError`. When every argument fits,
the error is a bug, and goes on as it is.

Each module of the public API ends with :func:`guard`, which wraps its public functions, and
the constructors and public methods of its public classes, in that check. The few callables
on the hottest paths check their arguments themselves and are named as ``unguarded``.

>>> import datetime as dt
>>> def day_after(day: dt.date) -> dt.date:
...     return day + dt.timedelta(days=1)
>>> guarded(day_after)("2025-10-01")
Traceback (most recent call last):
...
civicflow.errors.ArgumentTypeError: 'day' must be a datetime.date (got '2025-10-01' that is a str)
"""

from __future__ import annotations

import collections
import collections.abc as abc
import enum
import functools
import inspect
import sys
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from civicflow.errors import ArgumentTypeError, CivicflowError

__all__ = ["expected", "guard", "guarded", "items", "misfit", "positive"]

_NO_HINT = object()

#: How many items of a collection are checked against its item type.
_ITEMS = 10_000

_CONTAINERS: dict[Any, tuple[type, str]] = {
    abc.Iterable: (abc.Iterable, "an iterable"),
    abc.Collection: (abc.Collection, "a collection"),
    abc.Sequence: (abc.Sequence, "a sequence"),
    abc.Set: (abc.Set, "a set"),
    abc.Mapping: (abc.Mapping, "a mapping"),
    abc.Iterator: (abc.Iterator, "an iterator"),
    list: (list, "a list"),
    tuple: (tuple, "a tuple"),
    set: (set, "a set"),
    frozenset: (frozenset, "a frozenset"),
    dict: (dict, "a dict"),
    collections.Counter: (collections.Counter, "a Counter"),
}


def positive(name: str, value: object) -> int:
    """``value``, a whole number of 1 or more (rows per batch, processes...).

    Raises:
        ArgumentTypeError: anything else, named as ``name``.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < 2**62:
        raise ArgumentTypeError(name, value, "a whole number, 1 or more")
    return value


def _name(kind: type) -> str:
    if kind.__module__ in ("builtins", "civicflow") or kind.__module__.startswith("civicflow."):
        return kind.__qualname__
    return f"{kind.__module__}.{kind.__qualname__}"


def _article(words: str) -> str:
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words


def expected(hint: Any) -> str:
    """A type hint in words: ``"a datetime.datetime"``, ``"a Calendar or None"``.

    >>> import datetime as dt
    >>> expected(dt.datetime | None)
    'a datetime.datetime or None'
    >>> expected(Iterable[tuple[str, int]])
    'an iterable of (str, int)'
    """
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is None or hint is type(None):
        return "None"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(expected(a) for a in args)
    if origin is typing.Literal:
        return "one of " + ", ".join(map(repr, args))
    if origin is tuple and args and args[-1] is not Ellipsis:
        return (
            "(" + ", ".join(expected(a).removeprefix("a ").removeprefix("an ") for a in args) + ")"
        )
    if origin in _CONTAINERS:
        words = _CONTAINERS[origin][1]
        if origin in (abc.Mapping, dict) and len(args) == 2:
            return f"{words} of {_bare(args[0])} to {_bare(args[1])}"
        if args and args[0] is not Any:
            return f"{words} of {_bare(args[0])}"
        return words
    if origin in (abc.Callable, Callable):
        return "a function"
    if isinstance(hint, type):
        return _article(_name(hint))
    return _article(str(hint))


def _bare(hint: Any) -> str:
    words = expected(hint)
    return words.removeprefix("a ").removeprefix("an ")


def misfit(value: Any, hint: Any, where: str) -> tuple[str, Any, Any] | None:
    """``None`` when ``value`` fits ``hint``; else (where, the part that does not fit, the
    hint it should fit): an item of a list that does not fit is named ``where[n]``.

    Iterators are not read (that would use them up), and a collection's items are checked
    only up to the first ten thousand.
    """
    if hint is Any or hint is _NO_HINT or isinstance(hint, typing.TypeVar):
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is None or hint is type(None):
        return None if value is None else (where, value, hint)
    if origin in (typing.Union, types.UnionType):
        found = [misfit(value, a, where) for a in args]
        if any(f is None for f in found):
            return None
        deeper = [f for f in found if f is not None and f[0] != where]
        return deeper[0] if len(deeper) == 1 else (where, value, hint)
    if origin is typing.Literal:
        return None if value in args else (where, value, hint)
    if origin in (abc.Callable, Callable):
        return None if callable(value) else (where, value, hint)
    if origin in _CONTAINERS:
        return _collection(value, hint, origin, args, where)
    if isinstance(hint, type):
        return None if _instance(value, hint) else (where, value, hint)
    return None  # a hint this check does not know (a protocol, an array-like): accepted


def _instance(value: Any, kind: type) -> bool:
    if kind.__module__ == "typing":  # typing.TextIO and its kind: no class is one at run time
        return True
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    try:
        return isinstance(value, kind)
    except TypeError:  # a protocol that cannot be checked at run time
        return True


def _collection(
    value: Any, hint: Any, origin: Any, args: tuple[Any, ...], where: str
) -> tuple[str, Any, Any] | None:
    kind = _CONTAINERS[origin][0]
    if not isinstance(value, kind):
        return (where, value, hint)
    if isinstance(value, abc.Iterator) or not args:
        return None
    if isinstance(value, abc.Mapping) and len(args) == 2:
        for n, (key, item) in enumerate(value.items()):
            if n >= _ITEMS:
                break
            found = misfit(key, args[0], f"{where} key {_key(key)}") or misfit(
                item, args[1], f"{where}[{_key(key)}]"
            )
            if found:
                return found
        return None
    if not isinstance(value, abc.Collection):
        return None
    if origin is tuple and args[-1] is not Ellipsis:
        if len(value) != len(args):
            return (where, value, hint)
        items: Iterable[tuple[Any, Any]] = zip(value, args, strict=True)
    else:
        items = ((item, args[0]) for item in value)
    for n, (item, item_hint) in enumerate(items):
        if n >= _ITEMS:
            break
        found = misfit(item, item_hint, f"{where}[{n}]")
        if found:
            return found
    return None


def items(value: Any, name: str, kind: type | tuple[type, ...], words: str) -> tuple[Any, ...]:
    """``value``, an iterable of ``kind`` (never one str or bytes), as a tuple; anything else
    is an ArgumentTypeError naming the argument, or the item, that is wrong.

    >>> items(["a", 1], "names", str, "a str")
    Traceback (most recent call last):
    ...
    civicflow.errors.ArgumentTypeError: 'names[1]' must be a str (got 1 that is a int)
    """
    if not isinstance(value, Iterable) or isinstance(value, str | bytes | bytearray):
        raise ArgumentTypeError(name, value, f"an iterable of {words.removeprefix('a ')}")
    found = tuple(value)
    for n, item in enumerate(found):
        if not isinstance(item, kind) or (kind is int and isinstance(item, bool)):
            raise ArgumentTypeError(f"{name}[{n}]", item, words)
    return found


def _key(key: Any) -> str:
    return repr(key) if isinstance(key, str | int) and len(str(key)) <= 40 else "…"


@functools.cache
def _hints(function: Callable[..., Any]) -> tuple[inspect.Signature, dict[str, Any]]:
    """The signature of ``function`` and its parameters' annotations, resolved in the module
    that defines it (or its class); an annotation that cannot be resolved is dropped."""
    signature = inspect.signature(function)
    target = inspect.unwrap(function)
    module = sys.modules.get(getattr(target, "__module__", "") or "")
    namespace = {**(vars(module) if module else {}), **getattr(target, "__globals__", {})}
    hints: dict[str, Any] = {}
    for name, parameter in signature.parameters.items():
        annotation = parameter.annotation
        if annotation is inspect.Parameter.empty:
            continue
        if isinstance(annotation, str):
            try:
                annotation = eval(annotation, namespace)
            except Exception:
                continue
        hints[name] = annotation
    return signature, hints


def _blame(
    function: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    inner: ArgumentTypeError | None = None,
) -> None:
    """Raise an ArgumentTypeError for the first argument that does not fit its annotation;
    ``inner``, the error of a call inside, when it is about that same argument and value."""
    try:
        signature, hints = _hints(function)
        bound = signature.bind(*args, **kwargs)
    except (TypeError, ValueError):
        return
    for name, value in bound.arguments.items():
        parameter = signature.parameters[name]
        hint = hints.get(name, _NO_HINT)
        if parameter.kind is parameter.VAR_POSITIONAL:
            found = next(
                (f for n, v in enumerate(value) if (f := misfit(v, hint, f"{name}[{n}]"))), None
            )
        elif parameter.kind is parameter.VAR_KEYWORD:
            found = next((f for k, v in value.items() if (f := misfit(v, hint, k))), None)
        else:
            found = misfit(value, hint, name)
        if found is not None:
            where, part, want = found
            if inner is not None and (inner.argument, inner.value) == (where, part):
                return
            raise ArgumentTypeError(where, part, expected(want)) from None


def guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, with a failure on an argument that does not fit its annotation turned
    into an :class:`~civicflow.errors.ArgumentTypeError` naming it (an iterator it returns is
    guarded as it is read)."""

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            result = function(*args, **kwargs)
        except ArgumentTypeError as exc:  # a call inside named its own argument: name ours
            _blame(function, args, kwargs, exc)
            raise
        except CivicflowError:
            raise
        except Exception:
            _blame(function, args, kwargs)
            raise
        if isinstance(result, types.GeneratorType):
            return _read(result, function, args, kwargs)
        return result

    return call


def _read(
    items: Iterator[Any],
    function: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Iterator[Any]:
    try:
        yield from items
    except ArgumentTypeError as exc:
        _blame(function, args, kwargs, exc)
        raise
    except CivicflowError:
        raise
    except Exception:
        _blame(function, args, kwargs)
        raise


def guard(namespace: dict[str, Any], unguarded: Iterable[str] = ()) -> None:
    """Guard the public callables of a module, given its ``globals()``: each function of its
    ``__all__``, and the constructor and public methods of each class of it (errors and
    enumerations left alone), except those named in ``unguarded`` (``"deadline"``,
    ``"Calendar.day"``, or ``"Calendar"`` for the class and all its methods)."""
    skip = set(unguarded)
    for name in namespace["__all__"]:
        obj = namespace[name]
        if name in skip or getattr(obj, "__module__", None) != namespace["__name__"]:
            continue
        if inspect.isfunction(obj):
            namespace[name] = guarded(obj)
        elif inspect.isclass(obj) and not issubclass(obj, BaseException | enum.Enum):
            _guard_class(obj, skip)


def _guard_class(cls: type, skip: set[str]) -> None:
    for attr, value in list(vars(cls).items()):
        if f"{cls.__name__}.{attr}" in skip:
            continue
        if attr == "__init__" and inspect.isfunction(value):
            setattr(cls, attr, guarded(value))
        elif attr.startswith("_"):
            continue
        elif isinstance(value, staticmethod):
            setattr(cls, attr, staticmethod(guarded(value.__func__)))
        elif isinstance(value, classmethod):
            setattr(cls, attr, classmethod(guarded(value.__func__)))
        elif inspect.isfunction(value):
            setattr(cls, attr, guarded(value))

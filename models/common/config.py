"""Command-line overrides for the training scripts' config, nanoGPT style: each script declares its config as
plain module-level values, then calls override(globals()) so that `key=value` arguments replace them, cast to
the type of the value they replace. An unknown key is an error, so a typo never trains with the default."""
import sys


def override(config: dict, argv: list[str] | None = None) -> None:
    for arg in sys.argv[1:] if argv is None else argv:
        key, sep, val = arg.partition("=")
        if not sep or key not in config or key.startswith("_"):
            raise SystemExit(f"unknown config key {key!r} (expected key=value with one of the config names)")
        old = config[key]
        config[key] = val if old is None else type(old)(val)  # None: an optional string

"""The `khuyencong` command (and `python -m pipeline`). An unchanged run is answered from the last
one before typer, rich or the program are loaded (pipeline.app.quick); every other command goes
through the command layer, pipeline.cli."""

import sys


def main() -> None:
    from pipeline.app.quick import replay

    code = replay(sys.argv[1:])
    if code is not None:
        raise SystemExit(code)
    from pipeline.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()

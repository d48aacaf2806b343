"""A management command made of subcommands (`nakhon demo load`, `nakhon services assess`)."""

from django.core.management.base import BaseCommand


class SubcommandsCommand(BaseCommand):
    """`summary` is the command's help, `add_subcommands` declares the subcommands on an
    argparse subparsers object, and `handle_<name>(**options)` runs each; a new subcommand is
    one parser and one method more."""

    summary = ""

    @property
    def help(self) -> str:
        # Read when the parser is built: argparse cannot format a lazy string.
        return str(self.summary)

    def add_arguments(self, parser):
        self.add_subcommands(
            parser.add_subparsers(dest="subcommand", required=True, metavar="subcommand")
        )

    def add_subcommands(self, subcommands) -> None:
        raise NotImplementedError

    def handle(self, *args, subcommand: str, **options):
        getattr(self, f"handle_{subcommand}")(**options)

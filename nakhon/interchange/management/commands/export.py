import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from nakhon.interchange import services
from nakhon.interchange.errors import InterchangeError
from nakhon.interchange.formats import EXPORT_EXTENSIONS


class Command(BaseCommand):
    help = "Export the whole repository as an ArchiMate exchange file, Archi CSV (zip) or Excel."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(EXPORT_EXTENSIONS), default="exchange")
        parser.add_argument("-o", "--output", help="the file to write (default: standard output)")

    def handle(self, *args, format, output, **options):
        try:
            if output:
                with open(output, "wb") as target:
                    doc = services.export_to(format, target)
            else:
                doc = services.export_to(format, sys.stdout.buffer)
        except (InterchangeError, OSError) as error:
            raise CommandError(_("Nothing was exported. %(error)s") % {"error": error}) from None
        if output:
            self.stderr.write(
                _(
                    "Wrote %(elements)d elements, %(rels)d relationships and %(views)d views "
                    "to %(file)s."
                )
                % {
                    "elements": len(doc.elements),
                    "rels": len(doc.relationships),
                    "views": len(doc.views),
                    "file": output,
                }
            )

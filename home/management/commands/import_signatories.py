"""python manage.py import_signatories FILE.csv [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from home import signatory_import as importer


class Command(BaseCommand):
    help = (
        "Add providers to the register from a CSV file (columns in "
        "docs/importing.md). The whole file is checked first: if any row has a "
        "problem, nothing is added. Providers already on the register are left "
        "as they are, so the same file can be imported twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file, UTF-8")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and say what would be added; write nothing",
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            with open(file, "rb") as handle:
                rows = importer.read_rows(importer.decode(handle.read()))
            checked = importer.check(rows)
        except FileNotFoundError as error:
            raise CommandError(f"There is no file at {file}.") from error
        except importer.FileProblem as problem:
            raise CommandError(f"{file}: {problem}") from problem
        self.stdout.write(
            f"Checked {len(rows)} rows: {len(checked.new)} to add, "
            f"{len(checked.existing)} already on the register."
        )
        if not checked.ok:
            for problem in checked.problems:
                self.stderr.write(f"  {problem}")
            rows_with_problems = len({problem.line for problem in checked.problems})
            rows = (
                "1 row needs"
                if rows_with_problems == 1
                else (f"{rows_with_problems} rows need")
            )
            raise CommandError(f"Nothing was imported: {rows} fixing (listed above).")
        for line, row in checked.existing:
            self.stdout.write(f"  line {line}: {row['name']} is already there")
        if dry_run:
            for line, row in checked.new:
                self.stdout.write(f"  line {line}: would add {row['name']}")
            self.stdout.write("Dry run: nothing was written.")
            return
        with tqdm(
            total=len(checked.new),
            desc="Adding",
            unit=" providers",
            file=self.stderr._out,
            disable=not checked.new or None,
        ) as bar:
            imported = importer.write(checked, progress=bar.update)
        if not imported.pages:
            self.stdout.write("Nothing to add: every row is already on the register.")
            return
        self.stdout.write(self.style.SUCCESS(f"Added {len(imported.pages)} providers:"))
        for words in importer.describe_states(imported.states):
            self.stdout.write(f"  {words}")

"""`patuh unlock_login [--username NAME] [--address IP] | --list`: end a sign-in lockout."""

import ipaddress

from axes.models import AccessAttempt
from django.core.management.base import BaseCommand, CommandError, CommandParser

from patuh.accounts.throttling import unlock


class Command(BaseCommand):
    help = (
        "Unlock signing in after failed attempts: for a username at every address, for an "
        "address and every account, or both. Recorded in the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="", help="The account to unlock.")
        parser.add_argument("--address", default="", help="The IP address to unlock.")
        parser.add_argument(
            "--list",
            dest="listing",
            action="store_true",
            help="List the failures counted now, and unlock none.",
        )

    def handle(self, *args, username: str, address: str, listing: bool, **options) -> None:
        if listing:
            for attempt in AccessAttempt.objects.order_by("-attempt_time"):
                self.stdout.write(
                    f"{attempt.username}\t{attempt.ip_address}\t{attempt.failures_since_start}"
                    f"\t{attempt.attempt_time:%Y-%m-%d %H:%M:%S}"
                )
            return
        if not username and not address:
            raise CommandError("Name the account (--username), the address (--address) or both.")
        if address:
            try:
                address = str(ipaddress.ip_address(address))
            except ValueError:
                raise CommandError(f"--address {address!r} is not an IP address.") from None
        cleared = unlock(username=username, address=address)
        self.stdout.write(f"Unlocked; {cleared} records of failures cleared.")

"""Re-encrypt every passport field with the newest key of BRIDGES_FIELD_KEYS (README,
"Passport data"): run after putting a new key first; then the old key can be dropped."""

from django.core.management.base import BaseCommand
from django.db import transaction

from logistics.models import TravelProfile
from logistics.services import PASSPORT_FIELDS


class Command(BaseCommand):
    help = "Re-encrypt passport data with the first key of BRIDGES_FIELD_KEYS."

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic():
            # Reading decrypts with any listed key; writing encrypts with the first.
            profiles = list(TravelProfile.objects.select_for_update().order_by("pk"))
            TravelProfile.objects.bulk_update(profiles, list(PASSPORT_FIELDS), batch_size=500)
            count = len(profiles)
        self.stdout.write(f"{count} travel profiles re-encrypted.")

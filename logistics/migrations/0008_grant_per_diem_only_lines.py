from django.db import migrations


def lines_for_grants_without_them(apps, schema_editor):
    """A grant whose one per-diem city never became a line (saved through the old single
    fields after 0007) keeps it as its only line before those fields go."""
    Grant = apps.get_model("logistics", "Grant")
    GrantPerDiem = apps.get_model("logistics", "GrantPerDiem")
    GrantPerDiem.objects.bulk_create(
        [
            GrantPerDiem(grant_id=pk, rate_id=rate, days=days)
            for pk, rate, days in Grant.objects.filter(
                per_diem__isnull=False, per_diem_lines__isnull=True
            ).values_list("pk", "per_diem_id", "per_diem_days")
        ]
    )


def first_line_back(apps, schema_editor):
    """Going back: the single fields hold each grant's first line again."""
    Grant = apps.get_model("logistics", "Grant")
    GrantPerDiem = apps.get_model("logistics", "GrantPerDiem")
    first: dict[int, tuple[int, int]] = {}
    for grant, rate, days in GrantPerDiem.objects.order_by("-pk").values_list(
        "grant_id", "rate_id", "days"
    ):
        first[grant] = (rate, days)
    for grant, (rate, days) in first.items():
        Grant.objects.filter(pk=grant).update(per_diem_id=rate, per_diem_days=days)


class Migration(migrations.Migration):
    dependencies = [
        ("logistics", "0007_grant_per_diem_lines"),
    ]

    operations = [
        migrations.RunPython(lines_for_grants_without_them, first_line_back),
        migrations.RemoveField(
            model_name="grant",
            name="per_diem",
        ),
        migrations.RemoveField(
            model_name="grant",
            name="per_diem_days",
        ),
    ]

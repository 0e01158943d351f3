from django.db import migrations, models


def mark_existing(apps, schema_editor):
    # Events that already have their default question: a later deletion must stick.
    CallSettings = apps.get_model("participants", "CallSettings")
    Question = apps.get_model("participants", "Question")
    events = Question.objects.filter(key="motivation").values("event_id")
    CallSettings.objects.filter(event_id__in=events).update(default_questions_added=True)


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0003_consent_lapsed"),
    ]

    operations = [
        migrations.AddField(
            model_name="callsettings",
            name="default_questions_added",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_existing, migrations.RunPython.noop),
    ]

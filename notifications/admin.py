from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Broadcast, Message, OptOut, TemplateOverride


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "to_email",
        "status",
        "attempts",
        "language",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind", "language"]
    search_fields = ["to_email", "idempotency_key", "subject"]
    raw_id_fields = ["recipient", "event", "broadcast"]
    readonly_fields = [f.name for f in Message._meta.fields]
    actions = ["requeue", "cancel"]

    @admin.action(description=_("Re-enqueue delivery (queued or failed messages)"))
    def requeue(self, request, queryset):
        count = services.messages_retry(messages=queryset)
        self.message_user(request, gettext("%(count)d message(s) queued again.") % {"count": count})

    @admin.action(description=_("Cancel (not yet sent)"))
    def cancel(self, request, queryset):
        for message in queryset:
            services.message_cancel(message=message)


@admin.register(TemplateOverride)
class TemplateOverrideAdmin(admin.ModelAdmin):
    list_display = ["event", "kind", "language", "subject", "updated_at"]
    list_filter = ["kind", "language"]


@admin.register(Broadcast)
class BroadcastAdmin(admin.ModelAdmin):
    list_display = ["event", "subject", "segment", "country", "recipient_count", "sent_at"]


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created_at"]
    raw_id_fields = ["user"]

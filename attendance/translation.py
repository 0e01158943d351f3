"""Organisers' texts in each working language (django-modeltranslation, through
backend.content_language): what the certificate of participation says."""

from backend.content_language import register_content

from .models import AttendancePolicy

CERTIFICATE_TEXTS = ("certificate_heading", "certificate_body")

register_content(AttendancePolicy, CERTIFICATE_TEXTS)

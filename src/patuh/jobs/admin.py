# Registers DBTaskResult, which is taken out below: django_tasks_db comes after this app in
# INSTALLED_APPS (its worker command is replaced by ours), so the admin would load it later.
import django_tasks_db.admin  # noqa: F401
from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from patuh.jobs.models import Job

# The task queue's own rows are the worker's bookkeeping, labelled in English only; the jobs
# below are what people started, with their progress and result, in the admin's language.
admin.site.unregister(DBTaskResult)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "done", "total", "created_by", "created_at")
    list_filter = ("kind", "status")
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

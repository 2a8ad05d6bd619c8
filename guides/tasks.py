"""Background jobs, run by the worker (``manage.py db_worker``)."""

from django_tasks import task

from .services import guide_build_run


@task()
def build_guide_pdf(build_id: str) -> str:
    """Build one guide PDF; return the build's final status."""
    return guide_build_run(build_id=build_id).status

"""Background jobs, run by the worker (``manage.py db_worker``)."""

from django_tasks import task

from .services import guide_build_run


class GuideBuildFailed(Exception):
    """A guide's PDF could not be built; the build keeps the error for its editors."""


@task()
def build_guide_pdf(build_id: str) -> str:
    """Build one guide PDF; return the build's final status.

    A failed build is recorded first, then raised, so that the worker's own record
    of the job (and whatever watches it) shows a failure too.
    """
    build = guide_build_run(build_id=build_id)
    if build.is_failed:
        raise GuideBuildFailed(
            f"The {build.language} PDF of the guide “{build.guide.slug}” failed: {build.error}"
        )
    return build.status

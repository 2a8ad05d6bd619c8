"""Lookups the project registers on Django's fields (``PracticesConfig.ready``)."""

from django.db.models.lookups import In


class IntegerIn(In):
    """``__in`` on an integer column, leaving out the numbers no such column can hold:
    they match no row. Django does so for ``exact``, ``gt`` and the other comparisons
    (ticket #27397) but not for ``in``, where SQLite raises ``OverflowError``: a
    tampered choice (``levels=99999999999999999999``) in a form's many-to-many field,
    which Django checks with ``pk__in``, was a server error.
    """

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            try:
                low, high = connection.ops.integer_field_range(internal_type)
            except KeyError:  # a type the backend gives no range for
                low, high = None, None
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)

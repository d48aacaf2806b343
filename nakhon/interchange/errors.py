"""What goes wrong with a model file, said so that a person can find and fix it."""

from nakhon.core.exceptions import FileProblem


class InterchangeError(FileProblem):
    """A model file that cannot be read or written as it stands. Nothing has been written."""

    @classmethod
    def of(cls, problem: FileProblem) -> "InterchangeError":
        """The same problem, as the interchange formats report theirs."""
        if isinstance(problem, cls):
            return problem
        return cls(problem.message, line=problem.line, identifier=problem.identifier)

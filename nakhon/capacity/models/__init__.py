"""Capacity models, one module per topic: frameworks, people, assessments, events, mentoring."""

from nakhon.capacity.models.assessments import (  # noqa: F401
    Assessment,
    RatingSource,
)
from nakhon.capacity.models.events import (  # noqa: F401
    Attendance,
    AttendanceSource,
    Evaluation,
    Event,
    EventKind,
    Material,
    Registration,
    Session,
)
from nakhon.capacity.models.frameworks import (  # noqa: F401
    AreaKind,
    PersonnelGroup,
    ProficiencyLevel,
    RoleLevel,
    SkillArea,
    SkillFramework,
    TargetLevel,
)
from nakhon.capacity.models.mentoring import (  # noqa: F401
    ActionStatus,
    MentorAssignment,
    MentoringAction,
    MentoringSession,
)
from nakhon.capacity.models.people import (  # noqa: F401
    Person,
    PersonalQuerySet,
    ProgrammeRole,
    person_visibility,
)

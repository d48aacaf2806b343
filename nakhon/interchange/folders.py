"""The model tree's folders: filed from imports, read back for exports.

Folders are matched by identifier when the file gives one, else by their label under the same
parent, so that importing a model twice, or two models with the same top folders (Archi's
"Business", "Application", …), fills one tree. An imported object is re-filed where the file
puts it. Folders are written through their service, in the import's change-log batch (new
ones all at once); what is filed in them is not logged: it follows the objects.
"""

from collections import Counter, defaultdict

from django.db.models import Count

from nakhon.core.services import Actor
from nakhon.interchange.document import FolderDoc, join_names, split_names
from nakhon.repository import services
from nakhon.repository.models import Folder, FolderItem

# What the file says of a folder, and so what an import writes to one.
WRITTEN = ("identifier", "parent_id", "label", "label_en", "documentation", "translations", "order")


def write_folders(
    actor: Actor, folders: list[FolderDoc], objects: dict[str, tuple[str, object]]
) -> None:
    """File `objects` (identifier -> ("element", "relationship" or "view", database id)) as
    `folders` say."""
    filed = [objects[i] for folder in _walk(folders) for i in folder.items if i in objects]
    _unfile(filed)
    filing = _Filing(objects)
    for order, folder in enumerate(folders):
        filing.place(folder, None, order)
    filing.write(actor)


def _walk(folders: list[FolderDoc]):
    for folder in folders:
        yield folder
        yield from _walk(folder.children)


def _unfile(objects: list[tuple[str, object]]) -> None:
    for field in ("element", "relationship", "view"):
        ids = [pk for kind, pk in objects if kind == field]
        if ids:
            FolderItem.objects.filter(**{f"{field}__in": ids}).delete()


class _Filing:
    """The folder tree as the file leaves it, worked out in memory from the stored one (each
    folder found as if the ones before it were written already), then written at once."""

    def __init__(self, objects: dict):
        self.objects = objects
        folders = list(Folder.objects.all())  # in stored order, as `first()` finds them
        self.stored = {folder.pk for folder in folders}
        # The folders by identifier and by place (parent, labels), as the walk leaves them.
        self.by_identifier: dict[str, list[Folder]] = defaultdict(list)
        self.by_place: dict[tuple, list[Folder]] = defaultdict(list)
        for folder in folders:
            self._index(folder)
        counts = FolderItem.objects.order_by().values("folder").annotate(n=Count("pk"))
        self.filled = Counter({row["folder"]: row["n"] for row in counts})
        self.items: list[FolderItem] = []
        self.placed: dict = {}  # the folders the file names, by id, in the order it names them

    def place(self, doc: FolderDoc, parent, order: int) -> None:
        label, label_en, others = split_names(doc.label)
        folder = self._find(doc, parent, label, label_en)
        self.placed[folder.pk] = folder
        self._unindex(folder)
        folder.label, folder.label_en = label, label_en
        folder.documentation = split_names(doc.documentation)[0]
        folder.translations = {"label": others} if others else {}
        folder.identifier, folder.parent_id, folder.order = doc.identifier, parent, order
        self._index(folder)
        refs = [ref for ref in doc.items if ref in self.objects]
        start = self.filled[folder.pk]
        self.items += [
            FolderItem(folder_id=folder.pk, order=start + index, **self._filed(ref))
            for index, ref in enumerate(refs)
        ]
        self.filled[folder.pk] += len(refs)
        for child_order, child in enumerate(doc.children):
            self.place(child, folder.pk, child_order)

    def _filed(self, ref: str) -> dict:
        kind, pk = self.objects[ref]
        return {f"{kind}_id": pk}

    def _find(self, doc: FolderDoc, parent, label: str, label_en: str) -> Folder:
        found = _first(self.by_identifier.get(doc.identifier)) if doc.identifier else None
        return found or _first(self.by_place.get((parent, label, label_en))) or Folder()

    def _index(self, folder: Folder) -> None:
        if folder.identifier:
            self.by_identifier[folder.identifier].append(folder)
        self.by_place[_place(folder)].append(folder)

    def _unindex(self, folder: Folder) -> None:
        for folders, key in (
            (self.by_identifier, folder.identifier),
            (self.by_place, _place(folder)),
        ):
            if folder in folders.get(key, ()):
                folders[key].remove(folder)

    def write(self, actor: Actor) -> None:
        """New folders in one statement, then the stored ones the file changes, then what is
        filed in them."""
        new = [f for f in self.placed.values() if f.pk not in self.stored]
        rows = [{"id": f.pk, **_written(f)} for f in new]
        if rows:
            services.folders.bulk_create(actor, rows)
        for folder in self.placed.values():
            if folder.pk in self.stored:
                services.folders.update(actor, folder, version=None, **_written(folder))
        FolderItem.objects.bulk_create(self.items)


def _first(folders: list[Folder] | None) -> Folder | None:
    """The folder `first()` finds among these: the lowest in order."""
    return min(folders, key=lambda f: f.order) if folders else None


def _place(folder: Folder) -> tuple:
    return folder.parent_id, folder.label, folder.label_en


def _written(folder: Folder) -> dict:
    return {name: getattr(folder, name) for name in WRITTEN}


def read_folders() -> list[FolderDoc]:
    """The whole folder tree, with item identifiers, in stored order."""
    folders = list(Folder.objects.all())
    items: dict = {}
    for item in FolderItem.objects.select_related("element", "relationship", "view"):
        target = item.element or item.relationship or item.view
        items.setdefault(item.folder_id, []).append(target.identifier)
    children: dict = {}
    for folder in folders:
        children.setdefault(folder.parent_id, []).append(folder)

    def as_doc(folder: Folder) -> FolderDoc:
        return FolderDoc(
            label=join_names(folder.label, folder.label_en, folder.translations.get("label")),
            documentation=join_names(folder.documentation, ""),
            identifier=folder.identifier,
            items=items.get(folder.pk, []),
            children=[as_doc(c) for c in children.get(folder.pk, [])],
        )

    return [as_doc(f) for f in children.get(None, [])]

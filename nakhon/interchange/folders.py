"""The model tree's folders: filed from imports, read back for exports.

Folders are matched by identifier when the file gives one, else by their label under the same
parent, so that importing a model twice, or two models with the same top folders (Archi's
"Business", "Application", …), fills one tree. An imported object is re-filed where the file
puts it. Folders hold no architecture and are not written to the change log.
"""

from nakhon.interchange.document import FolderDoc, join_names, split_names
from nakhon.repository.models import Folder, FolderItem


def write_folders(folders: list[FolderDoc], objects: dict[str, tuple[str, object]]) -> None:
    """File `objects` (identifier -> ("element", "relationship" or "view", database id)) as
    `folders` say."""
    filed = [objects[i] for folder in _walk(folders) for i in folder.items if i in objects]
    _unfile(filed)
    for order, folder in enumerate(folders):
        _write_folder(folder, None, order, objects)


def _walk(folders: list[FolderDoc]):
    for folder in folders:
        yield folder
        yield from _walk(folder.children)


def _unfile(objects: list[tuple[str, object]]) -> None:
    for field in ("element", "relationship", "view"):
        ids = [pk for kind, pk in objects if kind == field]
        if ids:
            FolderItem.objects.filter(**{f"{field}__in": ids}).delete()


def _write_folder(doc: FolderDoc, parent: Folder | None, order: int, objects: dict) -> None:
    label, label_en, others = split_names(doc.label)
    documentation = split_names(doc.documentation)[0]
    folder = _find_folder(doc, parent, label, label_en)
    folder.label, folder.label_en, folder.documentation = label, label_en, documentation
    folder.translations = {"label": others} if others else {}
    folder.identifier, folder.parent, folder.order = doc.identifier, parent, order
    folder.save()
    start = folder.items.count()
    FolderItem.objects.bulk_create(
        [
            FolderItem(
                folder=folder, order=start + index, **{f"{objects[ref][0]}_id": objects[ref][1]}
            )
            for index, ref in enumerate(doc.items)
            if ref in objects
        ]
    )
    for child_order, child in enumerate(doc.children):
        _write_folder(child, folder, child_order, objects)


def _find_folder(doc: FolderDoc, parent, label: str, label_en: str) -> Folder:
    if doc.identifier:
        found = Folder.objects.filter(identifier=doc.identifier).first()
        if found:
            return found
    siblings = Folder.objects.filter(parent=parent, label=label, label_en=label_en)
    return siblings.first() or Folder()


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

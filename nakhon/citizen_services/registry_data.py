"""The registries' first rows: the issuing agencies whose documents Bangkok's citizen's manuals
ask for most, and the common documents, each with its issuer.

Sources: /work/shared/design/THAI-CONTEXT.md (DOPA's civil registration, fetched through its
linkage centre and GDX; the Department of Business Development through Biz Portal and GDX; the
BMA's own records). Migration 0005 writes them into a new database, `ensure_registry` into one
that lacks them (the demo); afterwards the EA office keeps them on the registry's pages.
"""

# code, Thai name, English name, other names (one a line), state agency, exchange links
AGENCIES = (
    (
        "dopa",
        "กรมการปกครอง",
        "Department of Provincial Administration (DOPA)",
        "DOPA\nกรมการปกครอง กระทรวงมหาดไทย\nสำนักทะเบียนกลาง\nสำนักบริหารการทะเบียน\nสำนักทะเบียน",
        True,
        ["dopa_linkage", "gdx"],
    ),
    ("dol", "กรมที่ดิน", "Department of Lands", "สำนักงานที่ดิน", True, ["gdx"]),
    ("rd", "กรมสรรพากร", "Revenue Department", "", True, ["gdx"]),
    (
        "dbd",
        "กรมพัฒนาธุรกิจการค้า",
        "Department of Business Development",
        "DBD",
        True,
        ["biz_portal", "gdx"],
    ),
    (
        "bma",
        "กรุงเทพมหานคร",
        "Bangkok Metropolitan Administration",
        "กทม.\nBMA\nสำนักงานเขต",
        True,
        ["city_records"],
    ),
    ("dlt", "กรมการขนส่งทางบก", "Department of Land Transport", "", True, ["gdx"]),
    ("police", "สำนักงานตำรวจแห่งชาติ", "Royal Thai Police", "สถานีตำรวจ", True, []),
    ("anamai", "กรมอนามัย", "Department of Health", "", True, []),
    ("hss", "กรมสนับสนุนบริการสุขภาพ", "Department of Health Service Support", "", True, []),
    (
        "dep",
        "กรมส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ",
        "Department of Empowerment of Persons with Disabilities",
        "",
        True,
        [],
    ),
    ("coe", "สภาวิศวกร", "Council of Engineers", "", None, []),
    ("health-facility", "สถานพยาบาล", "Hospital or clinic", "โรงพยาบาล", None, []),
    ("vet-clinic", "สถานพยาบาลสัตว์", "Veterinary clinic", "", None, []),
    ("bank", "ธนาคาร", "Bank", "", False, []),
    # What the applicants make themselves: photos, plans, maps, letters of attorney.
    (
        "applicant",
        "ผู้ยื่นคำขอ",
        "the applicant",
        "ผู้ขอ\nผู้ยื่น\nผู้ขออนุญาต\napplicant",
        False,
        [],
    ),
)

# code, Thai name, English name, other names, issuer's code
DOCUMENTS = (
    ("id-card", "บัตรประจำตัวประชาชน", "citizen ID card", "บัตรประชาชน\nID card", "dopa"),
    (
        "house-registration",
        "ทะเบียนบ้าน",
        "house registration",
        "ทะเบียนบ้าน (ท.ร.14)\nhouse registration book",
        "dopa",
    ),
    ("birth-certificate", "สูติบัตร", "birth certificate", "ใบเกิด", "dopa"),
    ("death-certificate", "มรณบัตร", "death certificate", "ใบมรณบัตร", "dopa"),
    ("marriage-certificate", "ทะเบียนสมรส", "marriage certificate", "ใบสำคัญการสมรส", "dopa"),
    (
        "name-change-certificate",
        "หนังสือสำคัญแสดงการเปลี่ยนชื่อ",
        "name-change certificate",
        "หนังสือสำคัญแสดงการเปลี่ยนชื่อตัว\nหนังสือสำคัญแสดงการเปลี่ยนชื่อสกุล",
        "dopa",
    ),
    (
        "company-certificate",
        "หนังสือรับรองการจดทะเบียนนิติบุคคล",
        "company registration certificate",
        "หนังสือรับรองนิติบุคคล\nหนังสือรับรองการจดทะเบียนบริษัท",
        "dbd",
    ),
    ("land-title", "โฉนดที่ดิน", "land title deed", "โฉนด\nน.ส.4", "dol"),
    ("building-permit", "ใบอนุญาตก่อสร้างอาคาร", "building permit", "อ.1", "bma"),
    ("disability-card", "บัตรประจำตัวคนพิการ", "disability ID card", "", "dep"),
)

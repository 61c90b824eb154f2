"""The app's pages, in menu order: (file, title key, icon). The entry file
builds the navigation from it, and tests that cover every page loop over it."""
PAGES = [
    ("pages/home.py", "nav.home", ":material/home:"),
    ("pages/dataset.py", "nav.dataset", ":material/grid_on:"),
    ("pages/activations.py", "nav.activations", ":material/show_chart:"),
    ("pages/train.py", "nav.train", ":material/model_training:"),
    ("pages/runs.py", "nav.runs", ":material/table:"),
    ("pages/compare.py", "nav.compare", ":material/compare_arrows:"),
    ("pages/sketch.py", "nav.sketch", ":material/draw:"),
    ("pages/inside.py", "nav.inside", ":material/visibility:"),
    ("pages/cnn.py", "nav.cnn", ":material/filter_center_focus:"),
    ("pages/ensemble.py", "nav.ensemble", ":material/groups:"),
    ("pages/class_session.py", "nav.class_session", ":material/co_present:"),
    ("pages/class_join.py", "nav.class_join", ":material/login:"),
    ("pages/teacher.py", "nav.teacher", ":material/school:"),
]
JOIN_PAGE = "pages/class_join.py"  # where a ?class=CODE link lands; not in the menu
# (Streamlit folds a menu of more than 12 pages behind "View more": the teacher's pages would hide there)

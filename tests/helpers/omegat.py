"""OmegaT, the CAT tool, run as a translator's machine would run it headless: a project
folder (omegat.project, source/, target/, tm/auto/ …) translated in console mode.

Debian's ``omegat`` package (3.6) installs /usr/share/omegat/OmegaT.jar; Java runs it.
Without either the OmegaT test skips, except under CI, where it fails."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

OMEGAT_JAR = Path(os.environ.get("QUOTES_OMEGAT_JAR", "/usr/share/omegat/OmegaT.jar"))
RUN_SECONDS = 120  # a console translation of a few segments takes ~7 s, most of it Java starting

# The project file OmegaT 3.6 writes for a new project, with sentence segmentation off: a
# quote is one segment, as `quotes po export` writes it. OmegaT refuses a project whose
# folders are missing, so make_project creates them all.
PROJECT_FILE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <source_dir_excludes/>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>{source_lang}</source_lang>
        <target_lang>{target_lang}</target_lang>
        <sentence_seg>false</sentence_seg>
    </project>
</omegat>
"""
FOLDERS = ("source", "target", "tm/auto", "omegat", "glossary", "dictionary")


def missing_omegat() -> str | None:
    """Why OmegaT cannot run here (None: it can)."""
    if shutil.which("java") is None:
        return "java is not installed: apt-get install omegat (which brings Java)"
    if not OMEGAT_JAR.exists():
        return f"OmegaT is not installed ({OMEGAT_JAR}): apt-get install omegat"
    return None


def make_project(root: Path, *, source_lang: str, target_lang: str) -> Path:
    """An empty OmegaT project at ``root``: its project file and folders."""
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "omegat.project").write_text(PROJECT_FILE.format(source_lang=source_lang, target_lang=target_lang),
                                         encoding="utf-8")
    return root


def translate_project(root: Path) -> str:
    """OmegaT's console translation of the project (its memories in tm/auto/ applied),
    which writes target/; OmegaT's log, or an AssertionError holding it when it failed."""
    command = ["java", "-Djava.awt.headless=true", "-jar", str(OMEGAT_JAR), str(root),
               "--mode=console-translate", "--no-team"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=RUN_SECONDS, stdin=subprocess.DEVNULL)
    log = done.stdout + done.stderr
    if done.returncode != 0:
        raise AssertionError(f"OmegaT exited with {done.returncode}:\n{log}")
    return log

"""Ships the top-level templates/ and corpora/ folders inside the wheel as gwreport/_data/."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
DATA_DIRS = ("templates", "corpora")


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "gwreport" / "_data"
        for name in DATA_DIRS:
            src = ROOT / name
            if src.is_dir():
                dst = target / name
                if dst.exists():
                    shutil.rmtree(dst)
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildPyWithData})

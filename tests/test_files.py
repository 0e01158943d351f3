"""backend.files.atomic_write: all of the file or none of it."""

import pytest

from backend.files import atomic_write


def test_the_file_appears_whole_and_no_part_file_is_left(tmp_path):
    target = tmp_path / "sub" / "cv.pdf"
    with atomic_write(target) as out:
        out.write(b"%PDF-1.4 ")
        assert not target.exists()  # readers see nothing until the block ends
        out.write(b"rest")
    assert target.read_bytes() == b"%PDF-1.4 rest"
    assert [p.name for p in target.parent.iterdir()] == ["cv.pdf"]


def test_an_error_leaves_neither_the_file_nor_the_part(tmp_path):
    target = tmp_path / "cv.pdf"
    with pytest.raises(RuntimeError), atomic_write(target) as out:
        out.write(b"half")
        raise RuntimeError("upload cut off")
    assert list(tmp_path.iterdir()) == []

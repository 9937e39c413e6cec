"""The output folder survives a crash mid-write and refuses to mix two different runs."""

import errno

import pytest

from pipeline.core.records import RejectedRecord
from pipeline.families.ibp.details import ibp_problem
from pipeline.run.outputs import ACCEPTED, REJECTED, OutputConflict, RunOutput


def _rejected(index: int) -> RejectedRecord:
    problem = ibp_problem(
        index=index,
        seed=index,
        construction="product_reversal",
        f="x*exp(x)",
        integrand="x*exp(x) + exp(x)",
        u="x",
        v="exp(x)",
        rabbit="product rule",
    )
    return RejectedRecord(
        id=str(index),
        index=index,
        seed=index,
        run_seed=1,
        problem=problem,
        failed_stage="solve",
        reason="solve:format:no_json",
    )


def test_records_written_are_found_again_on_reopen(tmp_path):
    out = RunOutput.open(tmp_path, "abc", "run")
    out.write(_rejected(0))
    out.write(_rejected(3))
    out.close()
    again = RunOutput.open(tmp_path, "abc", "run")
    assert again.done == {0, 3}
    again.close()


def test_a_failed_draw_has_no_problem_and_a_resumed_run_reads_it(tmp_path):
    """A sampler that gave up on an index leaves ``problem: null``, never a made-up problem."""
    failed = _rejected(5).model_copy(update={"problem": None, "failed_stage": "sample", "seed": 0})
    out = RunOutput.open(tmp_path, "abc", "run")
    out.write(failed)
    out.write(_rejected(6))
    out.close()
    again = RunOutput.open(tmp_path, "abc", "run")
    assert again.done == {5, 6}
    assert 5 not in again.canonicals and again.canonicals[6]  # a failed draw claims no canonical form
    again.close()


def test_partial_last_line_from_a_crash_is_cut_off(tmp_path):
    out = RunOutput.open(tmp_path, "abc", "run")
    out.write(_rejected(0))
    out.close()
    with (tmp_path / REJECTED).open("a") as handle:
        handle.write('{"id": "1", "index": 1, "se')  # killed mid-write
    again = RunOutput.open(tmp_path, "abc", "run")
    assert again.done == {0}
    again.write(_rejected(1))
    again.close()
    lines = (tmp_path / REJECTED).read_text().splitlines()
    assert len(lines) == 2 and all(line.endswith("}") for line in lines)
    assert (tmp_path / ACCEPTED).read_text() == ""


def test_a_different_config_never_mixes_into_an_old_run(tmp_path):
    RunOutput.open(tmp_path, "abc", "run").close()
    with pytest.raises(OutputConflict, match="--overwrite"):
        RunOutput.open(tmp_path, "xyz", "run")
    RunOutput.open(tmp_path, "xyz", "run", overwrite=True).close()


class DiskFullAfter:
    """A file handle on a disk that fills up after ``room`` more bytes: the rest of a write is lost."""

    def __init__(self, handle, room: int) -> None:
        self.handle, self.room, self.name = handle, room, handle.name
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        return len(text)

    def flush(self) -> None:
        fits, self.pending = self.pending[: self.room], self.pending[self.room :]
        self.handle.write(fits)
        self.handle.flush()
        self.room -= len(fits)
        if self.pending:
            raise OSError(errno.ENOSPC, "No space left on device")

    def fileno(self) -> int:
        return self.handle.fileno()

    def close(self) -> None:
        self.handle.close()
        if self.pending:
            raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_is_an_error_naming_the_file_and_the_records_before_it_survive(tmp_path):
    out = RunOutput.open(tmp_path, "abc", "run")
    out.write(_rejected(0))
    out._rejected = DiskFullAfter(out._rejected, room=40)  # the next record is cut off after 40 bytes
    with pytest.raises(OSError) as full:
        out.write(_rejected(1))
    assert (full.value.errno, full.value.filename) == (errno.ENOSPC, str(tmp_path / REJECTED))
    out.close(quiet=True)  # closing after the failure does not raise a second error over the first

    again = RunOutput.open(tmp_path, "abc", "run")  # the re-run: the partial line is cut off
    assert again.done == {0}
    again.write(_rejected(1))
    again.close()
    assert [line[-1] for line in (tmp_path / REJECTED).read_text().splitlines()] == ["}", "}"]

"""The pipeline: stages run in one direction over batches of Articles.

Each stage is a callable over a list of articles that declares the layers it
reads and writes; the runner checks both, so a stage that skips its work or
returns something else fails at once with a StageError.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .article import Article, Skipped
from .coding.conditionals import ConditionalFinder
from .coding.events import Coder, cue_words
from .coding.foreign import ForeignCoder, handles
from .coding.positions import PositionFinder
from .errors import StageError
from .knowledge import kb as knowledge
from .nlp.actors import Resolver
from .nlp.parse import Parser, cue_forms, load_model
from .read.readers import read
from .read.repair import Repairer
from .read.segment import Segmenter
from .settings import Settings

HELD = object()  # where the first batch belongs while no worker pool is started
WORKER_BATCH = 16  # articles per batch sent to a worker process (results do not depend on batching)
BATCH_CHARS = 1_000_000  # characters of text per batch at most (besides `batch_size` articles)
POSITION_CUES = frozenset({
    "demand", "insist", "willing", "willingness", "ready", "readiness", "reject", "refuse", "agree", "accept",
    "skeptical", "sceptical", "doubt", "offer", "propose", "outline", "if", "unless", "should", "phase", "never",
    "want", "urge", "call", "include", "serious", "believe", "rule", "dismiss", "precondition", "condition",
})


def vocabulary() -> frozenset[str]:
    """Every form of the words the event and position stages look for: the repair stage never
    "corrects" them (symspell's dictionary lacks "unban", "razes", "initialed")."""
    return cue_forms(cue_words() | POSITION_CUES)


class Pipeline:
    """Build once (it loads the model and the knowledge base), then process any number of batches."""

    def __init__(self, settings: Settings | None = None, *, nlp=None, kb: knowledge.KnowledgeBase | None = None):
        self.settings = settings or Settings()
        self.portable = nlp is None and kb is None  # worker processes can build the same pipeline from settings
        self.kb = kb or knowledge.load(self.settings.actors_file)
        self.nlp = nlp if nlp is not None else load_model(self.settings.model)
        cues = cue_words() | POSITION_CUES
        self.stages = [
            Repairer(self.kb, vocabulary=vocabulary()),
            Segmenter(),
            Resolver(self.kb),
            Parser(self.nlp, cues, batch_size=self.settings.parse_batch_size),
            Coder(),
            ConditionalFinder(),
        ]
        if self.settings.coder == "rules":
            self.stages.append(PositionFinder())
        else:  # the tagger finds positions far better than the position rules (model card): they do not run
            from .coding.learned import LearnedCoder

            self.stages.append(LearnedCoder(alone=self.settings.coder == "learned"))
        self.stages.append(ForeignCoder())  # articles in Ukrainian, Russian, Spanish, French, German, Arabic

    def process(self, articles: list[Article]) -> list[Article]:
        for stage in self.stages:
            if not getattr(stage, "english", False):
                articles = self._run(stage, articles)
                continue
            # An English stage runs on the English articles only: the foreign coder codes the others.
            at = [n for n, article in enumerate(articles) if not handles(article)]
            done = self._run(stage, [articles[n] for n in at]) if at else []
            articles = list(articles)
            for n, article in zip(at, done):
                articles[n] = article
            for article in articles:
                article.layers |= stage.writes
        return articles

    @staticmethod
    def _run(stage, articles: list[Article]) -> list[Article]:
        for article in articles:
            missing = stage.reads - article.layers
            if missing:
                raise StageError(f"stage {stage.name!r} needs layers {sorted(missing)} on article {article.id}")
        try:
            result = stage(articles)
        except Exception as error:  # noqa: BLE001 - named with its stage, so a skipped article says where
            raise StageError(f"stage {stage.name!r} failed: {type(error).__name__}: {str(error)[:300]}") from error
        if not isinstance(result, list) or len(result) != len(articles) or \
                not all(isinstance(a, Article) for a in result):
            raise StageError(f"stage {stage.name!r} must return the list of articles it was given")
        for article in result:
            if not stage.writes <= article.layers:
                raise StageError(f"stage {stage.name!r} did not fill {sorted(stage.writes - article.layers)}")
        return result

    def run(self, paths: Iterable[str | Path], *, on_item: Callable[[Article | Skipped], None] | None = None,
            want: Callable[[Article], bool] | None = None, exclude: Iterable[str | Path] = (),
            workers: int = 1) -> Iterator[Article | Skipped]:
        """Read and process inputs in batches; yields processed articles and skipped inputs, in input order.
        Articles for which `want` (given the article as read) returns False are not processed; paths
        in or under `exclude` are not read. A batch closes at `batch_size` articles or `BATCH_CHARS`
        characters, so memory stays bounded and progress moves within a long article's parts. With
        `workers` above 1, batches are processed in that many worker processes (each loads the models
        once; started only when there is a second batch), at most two per worker in flight."""
        if workers > 1 and self.portable:  # smaller batches keep the workers evenly busy to the end
            size = max(1, min(self.settings.batch_size, WORKER_BATCH))
            yield from self._parallel(self._pieces(paths, want, exclude, size), workers, on_item)
            return
        for piece in self._pieces(paths, want, exclude, self.settings.batch_size):
            yield from _emit(self.process_each(piece) if isinstance(piece, list) else [piece], on_item)

    def _pieces(self, paths, want, exclude, size: int) -> Iterator[list[Article] | Skipped]:
        """The inputs as read: batches of articles to process, and the inputs skipped, in order."""
        batch: list[Article] = []
        chars = 0
        for item in read(paths, exclude=exclude):
            if isinstance(item, Skipped):
                yield item
                continue
            if want is not None and not want(item):
                continue
            batch.append(item)
            chars += len(item.raw)
            if len(batch) >= size or chars >= BATCH_CHARS:
                yield batch
                batch, chars = [], 0
        if batch:
            yield batch

    def _parallel(self, pieces: Iterator[list[Article] | Skipped], workers: int,
                  on_item) -> Iterator[Article | Skipped]:
        """The batches processed in worker processes and handed back in input order. A worker that dies
        breaks the pool: a new one takes the next batches, and the lost ones are redone here."""
        from collections import deque

        held = None  # the first batch, kept until a second one shows a pool is worth starting
        queue: deque = deque()  # skipped inputs, (future, batch) pairs and the held batch's place, in input order
        pools: list = []

        def submit(batch: list[Article]):
            from concurrent.futures import Future, ProcessPoolExecutor
            from concurrent.futures.process import BrokenProcessPool

            for fresh in (False, True):  # the pool in use, else (it broke) a new one
                if fresh or not pools:
                    pools.append(ProcessPoolExecutor(workers, mp_context=_spawn(), initializer=_start_worker,
                                                     initargs=(self.settings,)))
                try:
                    return pools[-1].submit(_work, batch), batch
                except BrokenProcessPool:
                    continue
            done = Future()  # no pool will start: the batch is done here
            done.set_result(self.process_each(batch))
            return done, batch

        try:
            for piece in pieces:
                if isinstance(piece, Skipped):
                    queue.append(piece)
                elif not pools and held is None:
                    held = piece
                    queue.append(HELD)
                else:
                    if held is not None:
                        queue[queue.index(HELD)] = submit(held)
                        held = None
                    queue.append(submit(piece))
                while queue and queue[0] is not HELD and (
                        isinstance(queue[0], Skipped) or queue[0][0].done()
                        or sum(isinstance(q, tuple) for q in queue) > 2 * workers):
                    yield from self._hand_back(queue.popleft(), on_item)
            while queue:
                item = queue.popleft()
                yield from _emit(self.process_each(held), on_item) if item is HELD else self._hand_back(item, on_item)
        finally:
            for pool in pools:
                pool.shutdown(cancel_futures=True)

    def _hand_back(self, item, on_item) -> Iterator[Article | Skipped]:
        """A skipped input, or a worker's batch (redone here if its worker died)."""
        if isinstance(item, Skipped):
            return _emit([item], on_item)
        future, batch = item
        try:
            processed = future.result()
        except Exception:  # noqa: BLE001 - a worker that died (killed, out of memory): the batch is redone here
            processed = self.process_each(batch)
        return _emit(processed, on_item)

    def process_each(self, articles: list[Article]) -> list[Article | Skipped]:
        """Process a batch; if it fails, process its articles one by one, so one article that breaks a
        stage is a Skipped with the reason and the others come through."""
        fresh = [article.as_read() for article in articles]
        try:
            return list(self.process(articles))
        except Exception:  # noqa: BLE001 - any failure of any stage is isolated to its article below
            pass
        done: list[Article | Skipped] = []
        for article in fresh:
            try:
                done += self.process([article])
            except Exception as error:  # noqa: BLE001
                done.append(Skipped(article.origin or article.id, f"article {article.id!r}: {error}"))
        return done


def _emit(items: list[Article | Skipped], on_item) -> Iterator[Article | Skipped]:
    for item in items:
        if on_item:
            on_item(item)
        yield item


_WORKER: Pipeline | None = None  # the pipeline of a worker process


def _spawn():
    import multiprocessing

    return multiprocessing.get_context("spawn")  # a fresh interpreter: no model state copied across a fork


def _start_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = Pipeline(settings)


def _work(batch: list[Article]) -> list[Article | Skipped]:
    return _WORKER.process_each(batch)

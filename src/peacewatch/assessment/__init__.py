"""Stage 5, assessment: indicators per window (`indicators`), the index, judgement and drivers (`index`),
scenarios and the watch-list (`scenarios`), past runs (`runs`) and the weights (`weights`). Reads
the store and nothing else."""

from .index import assess, assess_store, parse_dyad

__all__ = ["assess", "assess_store", "parse_dyad"]

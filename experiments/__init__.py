"""Experiments: one module per figure, each runnable as ``python -m experiments.<name>``.

``EXPERIMENTS`` maps each name to its module; ``coordgame reproduce`` runs them in this order.
See :mod:`experiments._common` for what an experiment module defines and where it writes.
"""

from experiments import digital_share, lambda_theta, num_regions, regimes_default
from experiments._common import DEFAULT_OUTPUT, ExperimentResult, run_experiment

EXPERIMENTS = {
    module.NAME: module
    for module in (regimes_default, lambda_theta, num_regions, digital_share)
}

__all__ = ["EXPERIMENTS", "DEFAULT_OUTPUT", "ExperimentResult", "run_experiment"]

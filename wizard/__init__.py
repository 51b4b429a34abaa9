from . import dunning_hold_override_wizard

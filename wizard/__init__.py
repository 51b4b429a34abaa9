from . import dunning_hold_override_wizard
from . import dunning_call_wizard

from . import dunning_hold_override_wizard
from . import dunning_workspace_wizard
from . import dunning_call_wizard

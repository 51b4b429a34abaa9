"""Pure computations of account_dunning: no Odoo import here, unit-tested without a database."""

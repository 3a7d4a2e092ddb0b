#!/usr/bin/env python3
"""Regenerates the response templates from Stripe's example objects.

Run from this folder: python3 extract_templates.py ../../../../shared/stripe/fixtures3.json
Each template is the fixture object with sample-only values replaced by null (or
an empty list) so that the sandbox never returns data a scenario did not create.
Keys are never added or removed except where noted, so the shape stays Stripe's.
"""
import copy
import json
import sys

fixtures = json.load(open(sys.argv[1]))["resources"]
templates = {}


def take(resource, **overrides):
    obj = copy.deepcopy(fixtures[resource])
    for key, value in overrides.items():
        obj[key] = value
    return obj


templates["customer"] = take("customer", discount=None, shipping=None, currency=None,
                             invoice_prefix=None)
templates["product"] = take("product", default_price=None, description=None,
                            package_dimensions=None, type="service")
templates["price"] = take("price", custom_unit_amount=None, transform_quantity=None)
plan = copy.deepcopy(fixtures["subscription_item"]["plan"])
plan.update(livemode=False, metadata={}, transform_usage=None, billing_scheme="per_unit")
templates["plan"] = plan
item = take("subscription_item", billing_thresholds=None)
templates["subscription_item"] = item
templates["subscription"] = take(
    "subscription", application_fee_percent=None, billing_cycle_anchor_config=None,
    cancel_at=None, canceled_at=None, ended_at=None, next_pending_invoice_item_invoice=None,
    pause_collection=None, pending_invoice_item_interval=None, pending_update=None,
    transfer_data=None, trial_end=None, trial_start=None, cancel_at_period_end=False,
    billing_thresholds=None, billing_schedules=[], managed_payments=None,
    payment_settings={"payment_method_options": None, "payment_method_types": None,
                      "save_default_payment_method": "off"},
    items={"data": [], "has_more": False, "object": "list", "url": None})
line = take("line_item", discountable=True, subtotal=0)
line["parent"] = {
    "invoice_item_details": None,
    "subscription_item_details": {
        "invoice_item": None, "proration": False, "proration_details": {"credited_items": None},
        "subscription": None, "subscription_item": None},
    "type": "subscription_item_details"}
# pricing.price_details is part of Stripe's line item (Stripe.net maps it); the
# fixture leaves it out because the example line comes from an invoice item.
line["pricing"] = {"price_details": {"price": None, "product": None},
                   "type": "price_details", "unit_amount_decimal": None}
templates["invoice_line_item"] = line
invoice = take(
    "invoice", account_country=None, last_finalization_error=None, from_invoice=None,
    shipping_cost=None, shipping_details=None, amount_overpaid=0, customer_shipping=None,
    due_date=None, webhooks_delivered_at=None, next_payment_attempt=None, effective_at=None,
    payment_settings={"default_mandate": None, "payment_method_options": None,
                      "payment_method_types": None},
    lines={"data": [], "has_more": False, "object": "list", "url": None})
invoice["parent"] = {"quote_details": None,
                     "subscription_details": {"metadata": None, "subscription": None},
                     "type": "subscription_details"}
templates["invoice"] = invoice
payment = take("invoice_payment", livemode=False)
payment["payment"] = {"type": "payment_intent", "payment_intent": None}
templates["invoice_payment"] = payment
charge = take("charge", balance_transaction=None, source=None, transfer_data=None,
              shipping=None, receipt_url=None, description=None, fraud_details={})
charge["billing_details"]["name"] = None
card = charge["payment_method_details"]["card"]
card.update(wallet=None, installments=None, network_token=None, overcapture=None,
            three_d_secure=None, fingerprint=None)
charge["refunds"]["url"] = None
templates["charge"] = charge
templates["payment_intent"] = take(
    "payment_intent", canceled_at=None, last_payment_error=None, next_action=None,
    processing=None, transfer_data=None, shipping=None, automatic_payment_methods=None,
    payment_method_configuration_details=None, managed_payments=None, client_secret=None)
templates["refund"] = take("refund")
templates["dispute"] = take("dispute")
templates["event"] = take("event", data={"object": None})
templates["checkout.session"] = take(
    "checkout.session", after_expiration=None, amount_subtotal=0, amount_total=0,
    custom_text={"after_submit": None, "shipping_address": None, "submit": None,
                 "terms_of_service_acceptance": None},
    consent=None, consent_collection=None, customer_details=None, invoice_creation=None,
    payment_intent=None, payment_method_configuration_details=None,
    shipping_address_collection=None, shipping_cost=None,
    total_details={"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
    adaptive_pricing=None, collected_information=None, permissions=None, wallet_options=None,
    currency_conversion=None, managed_payments=None, url=None)
templates["item"] = take("item", adjustable_quantity=None)
templates["billing_portal.session"] = take("billing_portal.session", flow=None, livemode=False,
                                           url=None, configuration=None)
templates["test_helpers.test_clock"] = take("test_helpers.test_clock")

json.dump(templates, open("templates.json", "w"), indent=2, sort_keys=True)
open("templates.json", "a").write("\n")

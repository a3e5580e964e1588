"""A real client pings and discovers the component and its workgroups."""

import unittest

from base import DeskTestCase
from fixtures import COMPONENT_DOMAIN

SUPPORT = f"support@{COMPONENT_DOMAIN}"
SALES = f"sales@{COMPONENT_DOMAIN}"


class CourtesyTest(DeskTestCase):
    def test_domain_and_workgroups_answer_ping(self):
        self.assertTrue(self.probe.ping_ok(COMPONENT_DOMAIN))
        self.assertTrue(self.probe.ping_ok(SUPPORT))
        self.assertTrue(self.probe.ping_ok(SALES))

    def test_unknown_workgroup_does_not_exist(self):
        reply = self.probe.send_iq_raw(f"nobody@{COMPONENT_DOMAIN}", "get",
                                       "<ping xmlns='urn:xmpp:ping'/>")
        self.assertEqual(reply["type"], "error")
        self.assertEqual(reply["error"]["condition"], "service-unavailable")

    def test_domain_items_list_every_workgroup(self):
        items = self.probe.disco_items(COMPONENT_DOMAIN)
        jids = sorted(str(jid) for jid, _node, _name in items["items"])
        self.assertEqual(jids, [SALES, SUPPORT])

    def test_workgroup_identity_is_collaboration_workgroup(self):
        info = self.probe.disco_info(SUPPORT)
        identities = {(cat, typ) for cat, typ, _lang, _name in info["identities"]}
        self.assertIn(("collaboration", "workgroup"), identities)
        self.assertIn("urn:xmpp:ping", info["features"])

    def test_domain_info_advertises_what_it_answers(self):
        info = self.probe.disco_info(COMPONENT_DOMAIN)
        for feature in ("http://jabber.org/protocol/disco#info",
                        "http://jabber.org/protocol/disco#items",
                        "jabber:iq:version", "urn:xmpp:ping"):
            self.assertIn(feature, info["features"])

    def test_software_version(self):
        version = self.probe.version(COMPONENT_DOMAIN)
        self.assertEqual(version["name"], "Switchboard")
        self.assertRegex(version["version"], r"^\d+\.\d+\.\d+")

    def test_other_iq_gets_service_unavailable(self):
        for type_, payload in (("get", "<query xmlns='jabber:iq:last'/>"),
                               ("set", "<query xmlns='urn:example:unknown'/>")):
            reply = self.probe.send_iq_raw(SUPPORT, type_, payload)
            self.assertEqual(reply["type"], "error", type_)
            self.assertEqual(reply["error"]["condition"], "service-unavailable")

    def test_iq_without_payload_is_a_bad_request(self):
        reply = self.probe.send_iq_raw(COMPONENT_DOMAIN, "get", None)
        self.assertEqual(reply["type"], "error")
        self.assertEqual(reply["error"]["condition"], "bad-request")


if __name__ == "__main__":
    unittest.main()

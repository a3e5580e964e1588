-- Switchboard's part of Prosody's configuration, in two pieces. The domain and secret
-- must match [server] in switchboard.toml. Prosody listens for components on port 5347
-- (component_ports) on loopback by default.

-- 1. Global options: in the global section of /etc/prosody/prosody.cfg.lua, above its
--    first VirtualHost (a line after a VirtualHost or Component line belongs to that
--    host, and Prosody ignores these options there).
--
--    Stanza size limits (README, "Limits and known costs"). Switchboard's XMPP library
--    (libstrophe) parses a stanza in time quadratic in the number of children of one
--    element, before Switchboard can look at it, so the largest stanza a visitor may send
--    bounds what one message can cost: measured, at most 0.8 s of CPU at 32 KiB, 8 s at
--    64 KiB, 7 minutes at Prosody's default of 256 KiB. A client that sends more has its
--    own stream closed (policy-violation); Prosody accepts no less than 10000. 32 KiB
--    holds any chat message Switchboard accepts (max_message, 16 KiB by default); weigh
--    it against what your users' clients publish (large avatars, vCards).
c2s_stanza_size_limit = 32 * 1024
--    BOSH (the web widget's way in) is not held to c2s_stanza_size_limit by Prosody 0.12,
--    which reads each HTTP request whole: the bound there is the request size (10 MiB
--    by default). Uploads to mod_http_file_share are streamed and not affected.
http_max_content_size = 32 * 1024
--    What Switchboard may send, which it keeps to half of this. 512 KiB is Prosody's
--    default, but it follows s2s_stanza_size_limit when that is set: say it here.
component_stanza_size_limit = 512 * 1024
--    Visitors who write from accounts on other servers arrive over s2s, bounded by
--    s2s_stanza_size_limit (512 KiB by default) instead.

-- 2. The component (this piece may live in /etc/prosody/conf.d/switchboard.cfg.lua).
Component "desk.example.com"
    component_secret = "a long random secret"

-- 3. Only for workgroups with conversation = "muc" (a room per conversation): the server's
--    own MUC service, named by muc_service in switchboard.toml. Switchboard's conversation
--    JIDs (support.42@desk.example.com) create the rooms, so room creation must not be
--    restricted to local users (restrict_room_creation = "local" or true refuses them).
-- Component "conference.example.com" "muc"
--     restrict_room_creation = false

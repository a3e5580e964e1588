-- Add to Prosody's configuration (e.g. /etc/prosody/conf.d/switchboard.cfg.lua) and
-- reload Prosody. The domain and secret must match [server] in switchboard.toml.
-- Prosody listens for components on port 5347 (component_ports) on loopback by default.

Component "desk.example.com"
    component_secret = "a long random secret"

"""A real browser for the widget's tests: Debian's headless Chromium, driven by
tests/browser/driver.mjs (playwright-core) over a pipe.

Requests run on the same asyncio loop as the slixmpp clients, so agents keep receiving
and answering while a test waits for the page.
"""

import asyncio
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile

from clients import LOOP, run

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DRIVER = os.path.join(ROOT, "tests", "browser", "driver.mjs")
WIDGET_SRC = os.path.join(ROOT, "deploy", "widget")


@contextlib.contextmanager
def npm_lock():
    """One `npm ci` at a time: ctest runs two test files at once, and two installs into the
    same node_modules/ on a clean machine would break each other."""
    with open(os.path.join(tempfile.gettempdir(), "switchboard-tests-npm.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def build_widget(out_dir):
    """The folder a site serves (widget.js, widget.css, strophe.js, the demo page)."""
    with npm_lock():
        subprocess.run([os.path.join(WIDGET_SRC, "build.sh"), out_dir], check=True)
    return out_dir


def page_html(lang="en", service="/xmpp-websocket", fallback="/http-bind",
              domain="anon.localhost", workgroup="support@desk.localhost",
              button="Chat with us", title="Support", color="#0a7d5a", extra=""):
    """A host page with nothing but the widget's one script tag."""
    attrs = {"data-service": service, "data-fallback": fallback, "data-domain": domain,
             "data-workgroup": workgroup, "data-button": button, "data-title": title,
             "data-color": color}
    tag = " ".join(f'{k}="{v}"' for k, v in attrs.items() if v is not None)
    return (f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<title>Test shop</title></head><body><h1>Test shop</h1>{extra}'
            f'<script src="widget.js" {tag}></script></body></html>\n')


class Browser:
    """One Chromium; pages are named, and each name gets its own context (storage)
    unless `context` names another page's."""

    def __init__(self):
        node = shutil.which("node") or "/usr/bin/node"
        self.proc = run(asyncio.create_subprocess_exec(
            node, DRIVER, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=None), 30)
        self.next_id = 0

    def call(self, cmd, timeout=15.0, **args):
        self.next_id += 1
        request = dict(args, id=self.next_id, cmd=cmd)

        async def exchange():
            self.proc.stdin.write((json.dumps(request) + "\n").encode())
            await self.proc.stdin.drain()
            line = await self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the browser driver exited")
            return json.loads(line)

        answer = run(exchange(), timeout)
        if not answer.get("ok"):
            raise AssertionError(f"browser {cmd}: {answer.get('error')}")
        return answer.get("value")

    def open(self, name, url, context=None):
        return self.call("open", name=name, url=url, context=context)

    def evaluate(self, name, expression):
        """The value of a JavaScript expression in page `name`."""
        return self.call("evaluate", name=name, body=f"return ({expression});")

    def run_js(self, name, body):
        """What a JavaScript function body returns in page `name`."""
        return self.call("evaluate", name=name, body=body)

    def wait(self, name, body, timeout=5.0, what=None):
        """Waits until the function body `body` returns something truthy in page `name`;
        returns it. `what` names the condition in the failure (default: `body`)."""
        try:
            return self.call("wait", timeout=timeout + 10, name=name, body=body,
                             ms=int(timeout * 1000))
        except AssertionError:
            seen = self.run_js(name, SEES)
            raise AssertionError(f"page {name}: {what or body} never became true within "
                                 f"{timeout}s; the page shows {seen}") from None

    def click(self, name, selector):
        return self.call("click", name=name, selector=selector)

    def type(self, name, text, selector=None, delay=0):
        return self.call("type", name=name, text=text, selector=selector, delay=delay)

    def press(self, name, key):
        return self.call("press", name=name, key=key)

    def reload(self, name):
        return self.call("reload", name=name)

    def close_page(self, name):
        return self.call("close", name=name)

    def screenshot(self, name, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return self.call("screenshot", name=name, path=path)

    def console(self, name):
        return self.call("console", name=name)

    def quit(self):
        if self.proc.returncode is None:
            try:
                self.call("quit", timeout=10)
            except (AssertionError, RuntimeError, asyncio.TimeoutError, BrokenPipeError):
                pass
            try:
                run(self.proc.wait(), 10)
            except asyncio.TimeoutError:
                self.proc.kill()


# What a person sees, read from the page: the widget's visible parts.
SEES = """
const root = document.querySelector('.sbw');
const shown = (el) => !!el && !el.hidden && el.getClientRects().length > 0;
const button = root && root.querySelector('.sbw-button');
const status = root && root.querySelector('.sbw-status');
const waiting = root && root.querySelector('.sbw-waiting');
const panel = root && root.querySelector('.sbw-panel');
return {
  button: shown(button) ? button.textContent : null,
  status: shown(status) ? status.textContent : null,
  waiting: shown(waiting) ? waiting.textContent : null,
  panel: shown(panel),
  lines: root ? [...root.querySelectorAll('.sbw-log li')].map(li => li.textContent) : [],
  typing: root ? root.querySelector('.sbw-typing').textContent : '',
};
"""

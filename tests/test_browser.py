"""A real browser: JupyterLab on loopback, the widgets notebook run in headless Chromium (Debian's package) driven by Playwright.

The test opens a copy of nbs/12_widgets.ipynb (so the repository's notebook is never saved over), runs all its cells, waits for
the grid explorer to draw its image, drags the 'show step' slider, and waits for the image to change. Screenshots and the
JupyterLab log go to runs/browser/ (or $DIFFGRID_BROWSER_OUT).

Without chromium or playwright the test is skipped, unless DIFFGRID_REQUIRE_BROWSER=1 (set by .ci/run), which makes it fail.
"""
import json, os, secrets, shutil, socket, subprocess, sys, time, urllib.request
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
OUT = Path(os.environ.get('DIFFGRID_BROWSER_OUT', ROOT / 'runs' / 'browser'))
# Chromium's background services try to reach Google; on a closed network that means refused connections at every start
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']


def _missing():
    try: import playwright.sync_api  # noqa: F401
    except ImportError: return 'playwright is not installed (pip install playwright)'
    if not Path(CHROMIUM).exists(): return "Debian's chromium is not installed (apt-get install chromium)"


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


@pytest.fixture(scope='module')
def lab(tmp_path_factory):
    why = _missing()
    if why:
        if os.environ.get('DIFFGRID_REQUIRE_BROWSER') == '1': pytest.fail(why)
        pytest.skip(why)
    OUT.mkdir(parents=True, exist_ok=True)
    d = tmp_path_factory.mktemp('lab')
    nb = json.loads((ROOT / 'nbs' / '12_widgets.ipynb').read_text())     # a copy, with a full kernelspec so JupyterLab need not ask
    nb['metadata']['kernelspec'] = {'display_name': 'Python 3 (ipykernel)', 'language': 'python', 'name': 'python3'}
    (d / '12_widgets.ipynb').write_text(json.dumps(nb))
    # all cells stay in the page (JupyterLab otherwise drops cells scrolled out of view), and no news pop-up over the page
    settings = d / 'config' / 'lab' / 'user-settings' / '@jupyterlab'
    for ext, name, value in [('notebook-extension', 'tracker', {'windowingMode': 'none'}),
                             ('apputils-extension', 'notification', {'fetchNews': 'false', 'checkForUpdates': False})]:
        (settings / ext).mkdir(parents=True, exist_ok=True)
        (settings / ext / f'{name}.jupyterlab-settings').write_text(json.dumps(value))
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k != 'MPLBACKEND'}
    env.update(JUPYTER_CONFIG_DIR=str(d / 'config'), HF_HUB_OFFLINE='1')
    cmd = [sys.executable, '-m', 'jupyterlab', '--no-browser', '--allow-root', '--ip=127.0.0.1', f'--port={port}', f'--IdentityProvider.token={token}',
           f'--ServerApp.root_dir={d}', f'--LabApp.workspaces_dir={d / "workspaces"}', '--LabApp.news_url=None',
           '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate']
    log = open(OUT / 'jupyterlab.log', 'w')
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=d)
    url = f'http://127.0.0.1:{port}'
    for _ in range(120):
        try:
            urllib.request.urlopen(f'{url}/api/status?token={token}', timeout=2); break
        except Exception:
            if proc.poll() is not None: pytest.fail(f'JupyterLab exited early; see {OUT / "jupyterlab.log"}')
            time.sleep(1)
    else: pytest.fail(f'JupyterLab did not answer on {url} within 120 s; see {OUT / "jupyterlab.log"}')
    yield url, token
    proc.terminate()
    try: proc.wait(30)
    except subprocess.TimeoutExpired: proc.kill()
    log.close()


IMG = 'img.widget-image'
ALL_RUN = "() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim()); return p.length > 0 && p.every(t => /^\\[\\d+\\]:$/.test(t)); }"
LOADED = f"() => {{ const i = document.querySelector('{IMG}'); return i && i.complete && i.naturalWidth > 0; }}"


def test_grid_widget_in_jupyterlab(lab):
    from playwright.sync_api import sync_playwright
    url, token = lab
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={'width': 1500, 'height': 1100})
            page.goto(f'{url}/lab/tree/12_widgets.ipynb?token={token}')
            page.wait_for_selector('.jp-NotebookPanel .jp-Cell', timeout=120_000)
            try:                                                               # JupyterLab may still ask which kernel to start
                page.wait_for_selector('.jp-Dialog .jp-mod-accept', timeout=10_000); page.click('.jp-Dialog .jp-mod-accept')
            except Exception: pass
            page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=120_000)   # the kernel is up
            page.click('.lm-MenuBar-item:has-text("Run")')
            page.click('.lm-Menu-item[data-command="runmenu:run-all"]')
            try:
                page.wait_for_function(ALL_RUN, timeout=400_000)                   # every code cell ran
                page.wait_for_function(LOADED, timeout=60_000)                     # and the explorer has drawn its grid
            except Exception:
                page.screenshot(path=str(OUT / 'widget_failure.png'), full_page=True); raise
            img = page.locator(IMG).first
            img.scroll_into_view_if_needed()
            page.screenshot(path=str(OUT / 'widget_before.png'))
            before = img.get_attribute('src')
            assert img.bounding_box()['width'] > 100, 'the grid image is not visible'

            slider = page.locator('.widget-slider', has=page.locator('label', has_text='show step')).first
            slider.scroll_into_view_if_needed()
            handle, track = slider.locator('.noUi-handle').bounding_box(), slider.locator('.noUi-target').bounding_box()
            y = handle['y'] + handle['height'] / 2
            page.mouse.move(handle['x'] + handle['width'] / 2, y); page.mouse.down()
            page.mouse.move(track['x'] + 0.3 * track['width'], y, steps=12); page.mouse.up()
            page.wait_for_function(f"(s) => document.querySelector('{IMG}').src !== s", arg=before, timeout=120_000)
            page.wait_for_function(LOADED, timeout=60_000)
            img.scroll_into_view_if_needed()
            page.screenshot(path=str(OUT / 'widget_after.png'))
            assert img.get_attribute('src') != before
            value = slider.locator('.widget-readout').inner_text()
            assert int(value) < 50, f"the slider did not move: {value}"
        finally:
            browser.close()

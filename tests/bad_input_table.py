"The big table of bad inputs, one row per public function and bad value: (id, call, a word the message must hold, usually the parameter's name)"
import math, torch
nan, inf = float('nan'), float('inf')

def cli(argv):
    "Run the command line; a refusal (exit status 2, one line) comes back as a ValueError carrying that line"
    import contextlib, io
    from diffgrid_nb.cli import main
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try: main(argv)
        except SystemExit as e:
            lines = err.getvalue().strip().splitlines()
            if e.code == 2 and len(lines) == 1: raise ValueError(lines[0]) from None
            raise RuntimeError(f"exit status {e.code}: {err.getvalue()[-300:]}") from None

def cli_cases():
    import tempfile
    d = tempfile.gettempdir()
    g = lambda *a: ['grid', '--out', f'{d}/bad_input_grid.png', *a]
    h = lambda *a: ['html', '--out', f'{d}/bad_input_explorer.html', *a]
    t = lambda *a: ['train', '--out', f'{d}/bad_input_run', *a]
    rows = [
     ('grid --steps 1', g('--steps', '1'), '--steps'), ('grid --steps x', g('--steps', 'x'), '--steps'),
     ('grid --steps 0', g('--steps', '0'), '--steps'), ('grid --steps 1001', g('--steps', '1001'), '--steps'),
     ('grid --branches 0', g('--branches', '0'), '--branches'), ('grid --branches 65', g('--branches', '65'), '--branches'),
     ('grid --eta 2', g('--eta', '2'), '--eta'), ('grid --eta -1', g('--eta', '-1'), '--eta'),
     ('grid --eta nan', g('--eta', 'nan'), '--eta'), ('grid --eta with euler', g('--sampler', 'euler', '--eta', '0.5'), '--eta'),
     ('grid --guidance -1', g('--guidance', '-1'), '--guidance'), ('grid --guidance nan', g('--guidance', 'nan'), '--guidance'),
     ('grid --guidance inf', g('--guidance', 'inf'), '--guidance'), ('grid --scale 0', g('--scale', '0'), '--scale'),
     ('grid --scale 65', g('--scale', '65'), '--scale'), ('grid --seed x', g('--seed', 'x'), '--seed'),
     ('grid --branch-steps x', g('--branch-steps', 'x'), '--branch-steps'), ('grid --branch-steps 0', g('--branch-steps', '0'), '--branch-steps'),
     ('grid --branch-steps 50', g('--branch-steps', '50'), '--branch-steps'), ('grid --sampler nope', g('--sampler', 'nope'), '--sampler'),
     ('grid --view z', g('--view', 'z'), '--view'), ('grid --shape hexagon', g('--shape', 'hexagon'), '--shape'),
     ('grid --out jpg', ['grid', '--out', f'{d}/g.jpg'], '--out'), ('grid --out folder', ['grid', '--out', '/no/such/g.png'], '--out'),
     ('grid --diff-out same', g('--diff-out', f'{d}/bad_input_grid.png'), '--diff-out'), ('grid --model missing', g('--model', '/no/such'), '--model'),
     ('grid --prompt without pipeline', g('--prompt', 'a cat'), '--prompt'), ('grid --pipeline and --model', g('--pipeline', 'x', '--model', 'y'), '--model'),
     ('grid --pipeline and --shape', g('--pipeline', 'x', '--shape', 'circle'), '--shape'),
     ('grid --karras with ddim', g('--karras'), '--karras'),
     ('grid --start-step alone', g('--start-step', '3'), '--start-step'),
     ('grid --init-image alone', g('--init-image', f'{d}/x.png'), '--init-image'),
     ('grid --init-image missing', g('--init-image', '/no/such.png', '--start-step', '3'), '--init-image'),
     ('grid --start-step 50', g('--init-image', '/no/such.png', '--start-step', '50'), '--start-step'),
     ('grid --start-step -1', g('--init-image', '/no/such.png', '--start-step', '-1'), '--start-step'),
     ('html --keep 1', h('--keep', '1'), '--keep'), ('html --quality 0', h('--quality', '0'), '--quality'),
     ('html --quality 101', h('--quality', '101'), '--quality'), ('html --samplers nope', h('--samplers', 'ddim,nope'), '--samplers'),
     ('html --seeds x', h('--seeds', '1,x'), '--seeds'), ('html --seeds -1', h('--seeds', '-1'), '--seeds'),
     ('html --shapes hexagon', h('--shapes', 'hexagon'), '--shapes'), ('html --out png', ['html', '--out', f'{d}/e.png'], '--out'),
     ('html --steps 1', h('--steps', '1'), '--steps'), ('html --branches 0', h('--branches', '0'), '--branches'),
     ('html --prompt without pipeline', h('--prompt', 'a cat'), '--prompt'),
     ('train --steps 0', t('--steps', '0'), '--steps'), ('train --batch 0', t('--batch', '0'), '--batch'),
     ('train --seed -1', t('--seed', '-1'), '--seed'), ('train --preset x', t('--preset', 'x'), '--preset'),
     ('train --device tpu', t('--device', 'tpu'), '--device'), ('train --sample-every -1', t('--sample-every', '-1'), '--sample-every'),
     ('train --linear-n -1', t('--linear-n', '-1'), '--linear-n'), ('train --lr nan', t('--lr', 'nan'), 'lr'),
     ('train --lr 0', t('--lr', '0'), 'lr'), ('train without --out', ['train'], '--out'),
     ('train --init-from missing', t('--init-from', '/no/such/run'), '--init-from'),
     ('add-linear --linear-n 0', ['add-linear', '--model', d, '--linear-n', '0'], '--linear-n'),
     ('add-linear without --model', ['add-linear'], '--model'), ('no command', [], 'command'), ('unknown command', ['draw'], 'draw'),
    ]
    return [(f"cli {name}", (lambda a: lambda: cli(a))(argv), word) for name, argv, word in rows]

@torch.no_grad()
def _graphed_dict_output():
    "A graphed model whose output (a dict) cannot be copied out of a recording"
    from diffgrid_nb.denoisers import GraphedModule, RerunCapture
    class Named(torch.nn.Linear):
        def forward(self, x): return {'y': super().forward(x)}
    return GraphedModule(Named(2, 2), RerunCapture())(torch.ones(1, 2))

def cases(den, tree, tiny=None, ftiny=None):
    from diffgrid_nb import schedules as S, forward as F, samplers as SM, solvers as SV, flow as FL, data as D
    from diffgrid_nb import denoisers as DN, pretrained as P, grid as G, diffplots as DP, decisions as DC
    from diffgrid_nb import widgets as W, explorer as X, training as TR, toy2d as T2, prompts as PR, unet as U
    sched = S.linear_schedule(); x = torch.zeros(2, 3, 32, 32); xs = torch.zeros(2, 3, 32, 32)
    img = D.make_batch(2, seed=0)[0]
    c = [
     # schedules
     ('linear T=0', lambda: S.linear_schedule(T=0), 'T'), ('linear T=1.5', lambda: S.linear_schedule(T=1.5), 'T'),
     ('linear T=True', lambda: S.linear_schedule(T=True), 'T'), ('linear beta_start<0', lambda: S.linear_schedule(beta_start=-0.1), 'beta'),
     ('linear beta_end>1', lambda: S.linear_schedule(beta_end=1.5), 'beta'), ('linear beta nan', lambda: S.linear_schedule(beta_end=nan), 'beta'),
     ('scaled beta_end=2', lambda: S.scaled_linear_schedule(beta_end=2.0), 'beta'), ('cosine T=0', lambda: S.cosine_schedule(T=0), 'T'),
     ('cosine s<0', lambda: S.cosine_schedule(s=-1.0), 's'), ('cosine s nan', lambda: S.cosine_schedule(s=nan), 's'),
     ('NoiseSchedule empty', lambda: S.NoiseSchedule(torch.tensor([])), 'betas'),
     ('NoiseSchedule nan', lambda: S.NoiseSchedule(torch.tensor([0.1, nan])), 'betas'),
     ('NoiseSchedule beta 1', lambda: S.NoiseSchedule(torch.tensor([0.1, 1.0])), 'betas'),
     ('NoiseSchedule beta rounds to 1', lambda: S.NoiseSchedule(torch.tensor([0.1, 1 - 1e-9], dtype=torch.float64)), 'betas'),
     ('NoiseSchedule 2-D', lambda: S.NoiseSchedule(torch.full((2, 2), 0.1)), 'betas'),
     ('check_t -1', lambda: S.check_t(-1, 1000), 't'), ('check_t T', lambda: S.check_t(1000, 1000), 't'),
     ('check_t nan', lambda: S.check_t(nan, 1000), 't'),
     # forward
     ('q_sample t=T', lambda: F.q_sample(x, 1000, sched, x), 't'), ('q_sample t<0', lambda: F.q_sample(x, -1, sched, x), 't'),
     ('q_sample noise shape', lambda: F.q_sample(x, 5, sched, x[:1]), 'noise'), ('q_step noise shape', lambda: F.q_step(x, 5, sched, x[:, :1]), 'noise'),
     ('snr t=T', lambda: F.snr(1000, sched), 't'), ('load_image name', lambda: F.load_image('dog'), 'name'),
     # samplers (DDIM, DDPM)
     ('ddim_timesteps n=0', lambda: SM.ddim_timesteps(1000, 0), 'n_steps'), ('ddim_timesteps n>T', lambda: SM.ddim_timesteps(1000, 1001), 'n_steps'),
     ('ddim_timesteps spacing', lambda: SM.ddim_timesteps(1000, 10, 'middle'), 'spacing'),
     ('ddim_timesteps offset', lambda: SM.ddim_timesteps(1000, 10, offset=-1), 'offset'),
     ('ddim_sigma eta', lambda: SM.ddim_sigma(500, 480, sched, eta=-0.5), 'eta'),
     ('ddim_step eta nan', lambda: SM.ddim_step(x, x, 500, 480, sched, eta=nan), 'eta'),
     # solvers
     ('DDIM n=0', lambda: SV.DDIM(0), 'n_steps'), ('DDIM n=1.5', lambda: SV.DDIM(1.5), 'n_steps'), ('DDIM eta=2', lambda: SV.DDIM(10, 2.0), 'eta'),
     ('DDIM spacing', lambda: SV.DDIM(10, spacing='middle'), 'spacing'), ('DDIM abf nan', lambda: SV.DDIM(10, alpha_bar_final=nan), 'alpha_bar_final'),
     ('Euler n=0', lambda: SV.Euler(0), 'n_steps'), ('Euler spacing', lambda: SV.Euler(10, spacing='x'), 'spacing'),
     ('Euler sigma_min<0', lambda: SV.Euler(10, karras=True, sigma_min=-1.0), 'sigma_min'),
     ('Euler sigma_max<min', lambda: SV.Euler(10, karras=True, sigma_min=2.0, sigma_max=1.0), 'sigma'),
     ('Euler sigma_max nan', lambda: SV.Euler(10, karras=True, sigma_max=nan), 'sigma_max'),
     ('EulerAncestral n=True', lambda: SV.EulerAncestral(True), 'n_steps'), ('Heun n=0', lambda: SV.Heun(0), 'n_steps'),
     ('DPM n=0', lambda: SV.DPMSolverPP(0), 'n_steps'), ('DPM sde str', lambda: SV.DPMSolverPP(10, sde='yes'), 'sde'),
     ('make_sampler name', lambda: SV.make_sampler('fast'), 'sampler must be one of'),
     ('make_sampler option', lambda: SV.make_sampler('euler', order=3), 'order'),
     ('check_time -0.5', lambda: SV.check_time(-0.5, 1000), 't'), ('check_time nan', lambda: SV.check_time(nan, 1000), 't'),
     ('check_time 1000', lambda: SV.check_time(1000, 1000), 't'),
     # flow
     ('FlowEuler n=0', lambda: FL.FlowEuler(0), 'n_steps'), ('FlowEuler shift=0', lambda: FL.FlowEuler(10, shift=0.0), 'shift'),
     ('FlowEuler shift nan', lambda: FL.FlowEuler(10, shift=nan), 'shift'), ('FlowDDIM eta=2', lambda: FL.FlowDDIM(10, eta=2.0), 'eta'),
     ('FlowDDIM shift<0', lambda: FL.FlowDDIM(10, shift=-1.0), 'shift'), ('shift_time shift=0', lambda: FL.shift_time(0.5, 0.0), 'shift'),
     ('flow_sample t>1', lambda: FL.flow_sample(x, 1.5, x), 't'), ('flow_sample t nan', lambda: FL.flow_sample(x, nan, x), 't'),
     ('make_sampler flow name', lambda: SV.make_sampler('euler', FL.FLOW_SAMPLERS), 'sampler must be one of'),
     # data
     ('make_batch n=1.5', lambda: D.make_batch(1.5), 'n'), ('make_batch n=True', lambda: D.make_batch(True), 'n'),
     ('make_batch shape', lambda: D.make_batch(2, shape='hexagon'), 'shape'), ('make_batch shape idx', lambda: D.make_batch(2, shape=7), 'shape'),
     ('ShapesSpec stripes nan', lambda: D.ShapesSpec(stripes=nan), 'stripes'), ('ShapesSpec dot 2', lambda: D.ShapesSpec(dot=2.0), 'dot'),
     ('snr_rule_step lam<0', lambda: D.snr_rule_step(-1.0, sched), 'lam'), ('snr_rule_step lam nan', lambda: D.snr_rule_step(nan, sched), 'lam'),
     ('normalize shape', lambda: D.normalize(img[:, :2]), 'x'), ('render labels', lambda: D.render({'shape': torch.tensor([0])}), 'labels'),
     ('detect ints', lambda: D.detect(torch.zeros(2, 3, 32, 32, dtype=torch.long)), 'x'),
     # denoisers, the UNet
     ('check_guidance -1', lambda: DN.check_guidance(-1.0), 'guidance'), ('check_guidance nan', lambda: DN.check_guidance(nan), 'guidance'),
     ('check_guidance str', lambda: DN.check_guidance('3'), 'guidance'), ('check_guidance inf', lambda: DN.check_guidance(inf), 'guidance'),
     ('den x shape', lambda: den(x[:, :2], 500), 'x_t'), ('den t=1000', lambda: den(x, 1000), 't'), ('den t=-1', lambda: den(x, -1), 't'),
     ('den t nan', lambda: den(x, nan), 't'), ('den cond name', lambda: den(x, 500, 'hexagon'), 'cond'),
     ('den cond index', lambda: den(x, 500, 9), 'cond'), ('den cond count', lambda: den(x, 500, torch.tensor([0, 1, 2])), 'cond'),
     ('den cond emb shape', lambda: den(x, 500, torch.zeros(5)), 'cond'), ('den cond emb nan', lambda: den(x, 500, torch.full((den.embed('circle').numel(),), nan)), 'cond'),
     ('den guidance', lambda: den(x, 500, 'circle', -2.0), 'guidance'),
     ('first_weight no weights', lambda: DN.first_weight(torch.nn.ReLU()), 'm must'),
     ('GraphedModule max_graphs 0', lambda: DN.GraphedModule(den.unet, max_graphs=0), 'max_graphs'),
     ('GraphedModule max_graphs True', lambda: DN.GraphedModule(den.unet, max_graphs=True), 'max_graphs'),
     ('GraphedModule max_graphs 1.5', lambda: DN.GraphedModule(den.unet, max_graphs=1.5), 'max_graphs'),
     ('GraphedModule output dict', lambda: _graphed_dict_output(), 'must return a tensor'),
     # pretrained
     ('load_pretrained missing', lambda: P.load_pretrained('/no/such/folder'), 'missing'),
     ('load_pretrained name', lambda: P.load_pretrained(name='nothing'), 'missing'),
     ('load_pretrained dtype float64', lambda: P.load_pretrained(dtype=torch.float64), 'dtype'),
     ('load_model dtype str', lambda: P.load_model('allscales', dtype='float16'), 'dtype'),
     ('load_model dtype int8', lambda: P.load_model('allscales', dtype=torch.int8), 'dtype'),
     ('generate n=0', lambda: P.generate(den, n=0), 'n'), ('generate n=1.5', lambda: P.generate(den, n=1.5), 'n'),
     ('generate guidance', lambda: P.generate(den, n=1, guidance=-1.0), 'guidance'), ('generate n_steps', lambda: P.generate(den, n=1, n_steps=0), 'n_steps'),
     ('generate eta', lambda: P.generate(den, n=1, eta=1.5), 'eta'), ('generate cond', lambda: P.generate(den, n=1, cond='hexagon'), 'cond'),
     ('schedule_from_config name', lambda: P.schedule_from_config({'name': 'sigmoid', 'T': 10}), 'name'),
     # grid
     ('grid_image view', lambda: G.grid_image(tree, 'y'), 'view'), ('grid_image step', lambda: G.grid_image(tree, 'x', 99), 'step'),
     ('grid_image scale 0', lambda: G.grid_image(tree, scale=0), 'scale'), ('grid_image scale huge', lambda: G.grid_image(tree, scale=10000), 'scale'),
     ('grid_image scale float', lambda: G.grid_image(tree, scale=2.5), 'scale'), ('grid_tiles view', lambda: G.grid_tiles(tree, 'z'), 'view'),
     ('grid_tiles step', lambda: G.grid_tiles(tree, 'x', -1), 'step'), ('tile_scale 0', lambda: G.tile_scale(32, 0), 'scale'),
     ('tile_scale True', lambda: G.tile_scale(32, True), 'scale'), ('decoded which', lambda: tree.decoded(None, 'y'), 'which'),
     ('decoded step', lambda: tree.decoded(None, 'x', 99), 'step'), ('decoded x0 step N', lambda: tree.decoded(None, 'x0', tree.n_steps), 'step'),
     ('decoded step -1', lambda: tree.decoded(None, 'x', -1), 'step'),
     ('sample_tree cond', lambda: G.sample_tree(den, n_steps=4, branch_steps=(1,), cond='hexagon', progress=False), 'cond'),
     ('sample_tree cond per image', lambda: G.sample_tree(den, n_steps=4, branch_steps=(1,), cond=torch.tensor([0, 1]), progress=False), 'cond'),
     ('sample_tree guidance str', lambda: G.sample_tree(den, n_steps=4, branch_steps=(1,), guidance='3', progress=False), 'guidance'),
     ('sample_tree guidance -1', lambda: G.sample_tree(den, n_steps=4, branch_steps=(1,), guidance=-1.0, progress=False), 'guidance'),
     ('grid_sampler name', lambda: G.grid_sampler(den, 'fast'), 'sampler must be one of'),
     ('grid_sampler flow name on diffusion', lambda: G.grid_sampler(den, 'flow_euler'), 'sampler must be one of'),
     ('grid_sampler eta euler_a', lambda: G.grid_sampler(den, 'euler_ancestral', 10, 0.5), 'eta'),
     ('promote k', lambda: G.promote(tree, 99, 0), 'k'), ('promote j', lambda: G.promote(tree, tree.branch_steps[0], -1), 'j'),
     ('path_seed seed', lambda: G.path_seed('1', ()), 'seed'),
     # difference plots
     ('step_changes which', lambda: DP.step_changes(tree, which='z'), 'which'), ('step_changes space', lambda: DP.step_changes(tree, space='lab'), 'space'),
     ('diff_strip steps 0', lambda: DP.diff_strip(tree, steps=[0]), 'steps'), ('diff_strip steps N', lambda: DP.diff_strip(tree, steps=[tree.n_steps]), 'steps'),
     # decisions
     ('grid_rows_report seeds', lambda: DC.grid_rows_report(den, []), 'seeds'),
     ('sample_tree init alone', lambda: G.sample_tree(den, init=torch.zeros(3, 32, 32), progress=False), 'start_step'),
     ('sample_tree init shape', lambda: G.sample_tree(den, init=torch.zeros(3, 16, 16), start_step=2, progress=False),
      'init'),
     ('sample_tree init range', lambda: G.sample_tree(den, init=torch.full((3, 32, 32), 5.), start_step=2,
                                                      progress=False), 'init'),
     ('sample_tree init nan', lambda: G.sample_tree(den, init=torch.full((3, 32, 32), nan), start_step=2,
                                                    progress=False), 'init'),
     ('sample_tree init int', lambda: G.sample_tree(den, init=torch.zeros(3, 32, 32, dtype=torch.long), start_step=2,
                                                    progress=False), 'init'),
     ('sample_tree start_step 50', lambda: G.sample_tree(den, init=torch.zeros(3, 32, 32), start_step=50,
                                                         progress=False), 'start_step'),
     ('sample_tree start_step float', lambda: G.sample_tree(den, init=torch.zeros(3, 32, 32), start_step=2.0,
                                                            progress=False), 'start_step'),
     ('decision_curves n_trees 1', lambda: DC.decision_curves(den, 1, 2, progress=False), 'n_trees'),
     ('decision_curves n_trees float', lambda: DC.decision_curves(den, 2.0, 2, progress=False), 'n_trees'),
     ('decision_curves n_branches 0', lambda: DC.decision_curves(den, 2, 0, progress=False), 'n_branches'),
     ('decision_curves deterministic', lambda: DC.decision_curves(den, 2, 2, sampler=SV.Euler(4)), 'sampler'),
     ('decision_curves sampler and n_steps', lambda: DC.decision_curves(den, 2, 2, sampler=SV.DDIM(4, 1.0), n_steps=4),
      'sampler'),
     ('decision_curves branch_steps', lambda: DC.decision_curves(den, 2, 2, branch_steps=(0,), n_steps=4), 'branch_steps'),
     ('tree_bootstrap one tree', lambda: DC.tree_bootstrap([0.5]), 'at least 2'),
     ('decision_curves sampler str', lambda: DC.decision_curves(den, 2, 2, sampler='ddim'), 'sampler'),
     ('forward_backward n_images 1', lambda: DC.forward_backward(den, 1, n_steps=4), 'n_images'),
     ('forward_backward n_images bool', lambda: DC.forward_backward(den, True, n_steps=4), 'n_images'),
     ('forward_backward start_steps 4', lambda: DC.forward_backward(den, 2, (1, 4), n_steps=4), 'start_steps'),
     ('forward_backward start_steps twice', lambda: DC.forward_backward(den, 2, (1, 1), n_steps=4), 'start_steps'),
     ('forward_backward start_steps empty', lambda: DC.forward_backward(den, 2, (), n_steps=4), 'start_steps'),
     ('forward_backward start_steps float', lambda: DC.forward_backward(den, 2, (1.0,), n_steps=4), 'start_steps'),
     ('forward_backward guidance', lambda: DC.forward_backward(den, 2, n_steps=4, guidance=-1), 'guidance'),
     ('forward_backward sampler and eta', lambda: DC.forward_backward(den, 2, sampler=SV.DDIM(4, 1.0), eta=0.5),
      'sampler'),
     ('forward_backward max_batch', lambda: DC.forward_backward(den, 2, n_steps=4, max_batch=0), 'max_batch'),
     ('between_variance name', lambda: DC.between_variance('size', den.shapes_data()), 'name'),
     ('between_variance n', lambda: DC.between_variance('shape', den.shapes_data(), n=1), 'n must'),
     ('load_measured name', lambda: DC.load_measured('nothing'), 'name'),
     ('teaching_branch_points one attribute', lambda: DC.teaching_branch_points(
         DC.load_measured('knobs_cpu').curves['square, guidance 3']), 'curves'),
     ('compare_curves x', lambda: DC.compare_curves({'a': DC.load_measured('decisions_cpu').curves}, x='t'), 'x must'),
     ('compare_curves empty', lambda: DC.compare_curves({}), 'runs'),
     ('load_decision_curves neither', lambda: DC.load_decision_curves(), 'path'),
     # widgets
     ('parse_steps text', lambda: W.parse_steps('2, x', 50), 'branch steps'), ('parse_steps range', lambda: W.parse_steps('0', 50), 'branch steps'),
     ('parse_steps empty', lambda: W.parse_steps('', 50), 'branch steps'), ('diff_grid_image step', lambda: W.diff_grid_image(tree, 0), 'step'),
     ('GridExplorer control', lambda: W.GridExplorer(den, sync=True, colour='red'), 'colour'),
     # explorer
     ('kept_steps most', lambda: X.kept_steps(10, most=1), 'most'), ('kept_steps most float', lambda: X.kept_steps(10, most=2.5), 'most'),
     ('sprite fmt', lambda: X.sprite([[img[0]]], fmt='gif'), 'fmt'), ('sprite quality', lambda: X.sprite([[img[0]]], quality=101), 'quality'),
     ('sprite tile', lambda: X.sprite([[img[0]]], tile=4), 'tile'), ('view_tiles view', lambda: X.view_tiles(tree, (), 'y', [0]), 'view'),
     ('explorer_tree tree', lambda: X.explorer_tree(None), 'tree'), ('explorer_html empty', lambda: X.explorer_html([]), 'items'),
     ('save_explorer suffix', lambda: X.save_explorer([tree], 'e.png', progress=False), 'path'),
     ('save_explorer folder', lambda: X.save_explorer([tree], '/no/such/e.html', progress=False), 'path'),
     # training
     ('TrainConfig lr 0', lambda: TR.TrainConfig(lr=0.0), 'lr'), ('TrainConfig lr True', lambda: TR.TrainConfig(lr=True), 'lr'),
     ('TrainConfig warmup', lambda: TR.TrainConfig(warmup=-1), 'warmup'), ('TrainConfig seed', lambda: TR.TrainConfig(seed=-1), 'seed'),
     ('TrainConfig flow with linear_n', lambda: TR.TrainConfig(schedule='flow', linear_n=10), 'linear_n'),
     ('TrainConfig schedule', lambda: TR.TrainConfig(schedule='sigmoid'), 'schedule'),
     ('FlowUNetDenoiser sched', lambda: U.FlowUNetDenoiser(den.unet, sched), 'sched'),
     ('FlowUNetDenoiser linear', lambda: U.FlowUNetDenoiser(den.unet, FL.FlowSchedule(), linear=object(), linear_from=900),
      'linear'),
     ('TrainConfig linear_n', lambda: TR.TrainConfig(linear_n=-1), 'linear_n'), ('TrainConfig sample_every', lambda: TR.TrainConfig(sample_every=-1), 'sample_every'),
     ('TrainConfig batch float', lambda: TR.TrainConfig(batch=2.5), 'batch'),
     ('train init_from missing', lambda: TR.train('/tmp/_never', TR.TrainConfig(init_from='/no/such/run')), 'init_from'),
     # toy 2D, prompts
     ('two_moons n=0', lambda: T2.two_moons(0), 'n'), ('slerp shapes', lambda: PR.slerp(torch.zeros(3), torch.ones(4), 0.5), 'e1'),
     ('slerp t', lambda: PR.slerp(torch.ones(3), torch.ones(3), 1.5), 't'),
     ('guidance_row scales', lambda: PR.guidance_row(den, 'circle', [-1.0]), 'guidance'),
    ]
    return c + helper_cases(den, tree, sched, x, img) + cli_cases()

def helper_cases(den, tree, sched, x, img):
    "The helpers a learner calls directly: pictures, plans, the teaching samplers"
    from diffgrid_nb import forward as F, samplers as SM, solvers as SV, flow as FL, grid as G, diffplots as DP
    from diffgrid_nb import decisions as DC, pipelines as PL, toy2d as T2, explorer as X, data as D
    eps0, ddim1, one = (lambda x, t: torch.zeros_like(x)), SV.DDIM(4, 1.0), [[img[0]]]
    forest = lambda **kw: DC.forest_finals(den, **{**dict(sampler=ddim1, seeds=[0], branch_steps=(1,), n_branches=2,
                                                         progress=False), **kw})
    return [
     # pictures
     ('to_pil nan', lambda: F.to_pil(img[0] * nan), 'x (an image) must be finite'),
     ('to_pil 2 channels', lambda: F.to_pil(img[0, :2]), 'C = 1 or 3'), ('to_pil batch', lambda: F.to_pil(img), 'C = 1 or 3'),
     ('show_images ncols 0', lambda: F.show_images(img, ncols=0), 'ncols'), ('show_images empty', lambda: F.show_images([]), 'xs'),
     ('show_images titles', lambda: F.show_images(img, titles=['a']), 'titles'),
     ('tiles_image no rows', lambda: G.tiles_image([]), 'rows'), ('tiles_image empty row', lambda: G.tiles_image([[]]), 'rows'),
     ('tiles_image pad -1', lambda: G.tiles_image(one, pad=-1), 'pad'), ('tiles_image set_apart 3', lambda: G.tiles_image(one, set_apart=3), 'set_apart'),
     ('tiles_image labels', lambda: G.tiles_image(one, labels=['a', 'b']), 'labels'),
     ('tiles_image col_labels', lambda: G.tiles_image(one, col_labels=['a', 'b']), 'col_labels'),
     ('tiles_image nan tile', lambda: G.tiles_image([[img[0] * nan]]), 'x (an image) must be finite'),
     ('colorize nan', lambda: DP.colorize(torch.full((4, 4), nan)), 'm (a change map) must be finite'),
     ('colorize 3-D', lambda: DP.colorize(torch.zeros(3, 4, 4)), 'm must be one change map'),
     ('colorize negative', lambda: DP.colorize(-torch.ones(4, 4)), 'm must be >= 0'),
     ('colorize cmap', lambda: DP.colorize(torch.zeros(4, 4), 'nope'), 'cmap'), ('colorbar 0', lambda: DP.colorbar(0), 'height'),
     ('colorbar cmap', lambda: DP.colorbar(10, 'Viridis'), 'cmap'),
     ('step_changes pid', lambda: DP.step_changes(tree, ((9, 9),)), 'is not a path of this tree'),
     ('change_curve pid', lambda: DP.change_curve(tree, ((9, 9),)), 'is not a path of this tree'),
     ('diff_strip pid', lambda: DP.diff_strip(tree, ((9, 9),)), 'is not a path of this tree'),
     ('diff_strip steps float', lambda: DP.diff_strip(tree, steps=[1.5]), 'steps'),
     # the teaching samplers
     ('ddim_timesteps n=True', lambda: SM.ddim_timesteps(1000, True), 'n_steps'),
     ('ddim_timesteps offset too big', lambda: SM.ddim_timesteps(1000, 10, offset=901), 'offset'),
     ('ddim_sigma abf 0', lambda: SM.ddim_sigma(500, -1, sched, alpha_bar_final=0.0), 'alpha_bar_final'),
     ('ddim_sigma abf nan', lambda: SM.ddim_sigma(500, -1, sched, alpha_bar_final=nan), 'alpha_bar_final'),
     ('ddim_sigma eta True', lambda: SM.ddim_sigma(500, 480, sched, eta=True), 'eta'),
     ('ddim_sample x nan', lambda: SM.ddim_sample(eps0, x * nan, sched, 3), 'x (the starting noise) must be finite'),
     ('ddim_sample abf 0', lambda: SM.ddim_sample(eps0, x, sched, 3, alpha_bar_final=0.0), 'alpha_bar_final'),
     ('ddpm_sample x inf', lambda: SM.ddpm_sample(eps0, x + inf, sched), 'x (the starting noise) must be finite'),
     ('solve sampler str', lambda: SV.solve(eps0, 'ddim', sched, x), 'sampler must be a Sampler'),
     ('solve x nan', lambda: SV.solve(eps0, SV.DDIM(3), sched, x * nan), 'x (the starting noise) must be finite'),
     # plans
     ('karras_sigmas n=0', lambda: SV.karras_sigmas(0.1, 10.0, 0), 'n must'), ('karras_sigmas n=True', lambda: SV.karras_sigmas(0.1, 10.0, True), 'n must'),
     ('karras_sigmas min>max', lambda: SV.karras_sigmas(10.0, 0.1, 5), 'sigma_min must be below'),
     ('karras_sigmas min<0', lambda: SV.karras_sigmas(-1.0, 10.0, 5), 'sigma_min'),
     ('karras_sigmas max nan', lambda: SV.karras_sigmas(0.1, nan, 5), 'sigma_max'),
     ('karras_sigmas max inf', lambda: SV.karras_sigmas(0.1, inf, 5), 'sigma_max'),
     ('karras_sigmas min None', lambda: SV.karras_sigmas(None, 10.0, 5), 'sigma_min'),
     ('karras_sigmas rho 0', lambda: SV.karras_sigmas(0.1, 10.0, 5, 0.0), 'rho'),
     ('sigma_plan n=0', lambda: SV.sigma_plan(sched, 0), 'n_steps'), ('sigma_plan spacing', lambda: SV.sigma_plan(sched, 5, 'x'), 'spacing'),
     ('sigma_plan sigma_min nan', lambda: SV.sigma_plan(sched, 5, karras=True, sigma_min=nan), 'sigma_min'),
     ('sigma_plan sigma_min above the schedule', lambda: SV.sigma_plan(sched, 5, karras=True, sigma_min=1e6), 'sigma_min must be below'),
     ('sigma_plan offset -1', lambda: SV.sigma_plan(sched, 5, 'leading', offset=-1), 'offset'),
     ('sigma_plan offset too big', lambda: SV.sigma_plan(sched, 5, 'leading', offset=900), 'offset'),
     ('dpm_plan n=0', lambda: SV.dpm_plan(sched, 0), 'n_steps'), ('dpm_plan spacing', lambda: SV.dpm_plan(sched, 5, 'x'), 'spacing'),
     ('dpm_plan sigma_max below the schedule', lambda: SV.dpm_plan(sched, 5, karras=True, sigma_max=1e-6), 'sigma_min must be below'),
     ('dpm_plan offset float', lambda: SV.dpm_plan(sched, 5, 'leading', offset=1.5), 'offset'),
     ('Euler sigma_max inf', lambda: SV.Euler(10, karras=True, sigma_max=inf), 'sigma_max'),
     ('flow_plan n=0', lambda: FL.flow_plan(FL.FlowSchedule(), 0), 'n_steps'),
     ('flow_plan n=1.5', lambda: FL.flow_plan(FL.FlowSchedule(), 1.5), 'n_steps'),
     # decisions
     ('default_decision_steps 1', lambda: DC.default_decision_steps(1), 'n_steps'),
     ('default_decision_steps 2.5', lambda: DC.default_decision_steps(2.5), 'n_steps'),
     ('chance_level name', lambda: DC.chance_level('size'), 'name'), ('chance_level cond', lambda: DC.chance_level('shape', 'hexagon'), 'shape'),
     ('forest_finals sampler str', lambda: forest(sampler='ddim'), 'sampler must be a Sampler'),
     ('forest_finals deterministic', lambda: forest(sampler=SV.DDIM(4)), 'sampler must draw fresh noise'),
     ('forest_finals no seeds', lambda: forest(seeds=[]), 'seeds'), ('forest_finals seed float', lambda: forest(seeds=[0, 1.0]), 'seeds'),
     ('forest_finals branch step 9', lambda: forest(branch_steps=(9,)), 'branch_steps'),
     ('forest_finals n_branches 65', lambda: forest(n_branches=65), 'n_branches'),
     # pipelines' helpers
     ('tree_memory n_paths 0', lambda: PL.tree_memory(0), 'n_paths'), ('tree_memory n_steps True', lambda: PL.tree_memory(n_steps=True), 'n_steps'),
     ('tree_memory cache nan', lambda: PL.tree_memory(cache_mb=nan), 'cache_mb'),
     ('tree_memory shape', lambda: PL.tree_memory(latent_shape=(4, 0, 64)), 'latent_shape'),
     ('PromptCache 0', lambda: PL.PromptCache(0), 'most'), ('PromptCache 1.5', lambda: PL.PromptCache(1.5), 'most'),
     ('fit_image tensor', lambda: G.fit_image(img[0], den), 'img must be a PIL image or an image file'),
     ('explorer_trees no seeds', lambda: X.explorer_trees(den, seeds=(), progress=False), 'seeds'),
     # the toy models and flow matching's helpers
     ('fit steps 0', lambda: T2.fit(T2.MLPDenoiser(), lambda g: None, steps=0, progress=False), 'steps'),
     ('train_toy batch 0', lambda: T2.train_toy(T2.MLPDenoiser(), sched, steps=1, batch=0, progress=False), 'batch'),
     ('train_flow_toy batch 0', lambda: FL.train_flow_toy(T2.MLPDenoiser(), steps=1, batch=0, progress=False), 'batch'),
     ('two_moons n=True', lambda: T2.two_moons(True), 'n must'), ('MLPDenoiser hidden 0', lambda: T2.MLPDenoiser(hidden=0), 'hidden'),
     ('MLPDenoiser t_dim odd', lambda: T2.MLPDenoiser(t_dim=5), 't_dim'),
     ('velocity shape', lambda: FL.velocity(x, x[:1, :1]), 'noise'), ('straightness one state', lambda: FL.straightness([x]), 'xs'),
     ('distance_to_data empty', lambda: FL.distance_to_data(torch.zeros(0, 2), torch.zeros(5, 2)), 'samples'),
     ('distance_to_data dims', lambda: FL.distance_to_data(torch.zeros(3, 2), torch.zeros(5, 3)), 'dimension'),
     ('vp_to_flow sigma nan', lambda: FL.vp_to_flow(x, nan), 'sigma'), ('vp_to_flow sigma -1', lambda: FL.vp_to_flow(x, -1.0), 'sigma'),
     # data
     ('confusion n 0', lambda: D.confusion(torch.tensor([0]), torch.tensor([0]), 0), 'n must'),
     ('confusion class 5', lambda: D.confusion(torch.tensor([0, 5]), torch.tensor([0, 1]), 3), 'true'),
     ('confusion lengths', lambda: D.confusion(torch.tensor([0, 1, 2]), torch.tensor([0, 1]), 3), 'true and pred'),
     ('agreement labels', lambda: D.agreement(D.detect(img), {'shape': torch.tensor([0, 1])}), 'dy'),
    ]

using FastDays.Callbacks;
using FastDays.Data;
using FastDays.Losses;
using FastDays.Metrics;
using FastDays.Optimizers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FastDays.Learning;

/// <summary>fastai's Learner: owns the model, data, loss, optimizer and callbacks, and runs fit/epoch/batch with events; everything else is a
/// callback.</summary>
public class Learner
{
    private readonly List<Callback> _cbs = [];

    /// <summary>Creates a learner; TrainEvalCallback, Recorder and ProgressCallback are added like fastai's defaults.</summary>
    /// <param name="dls">The training and validation data.</param>
    /// <param name="model">The model; it is moved to device.</param>
    /// <param name="lossFunc">The loss function.</param>
    /// <param name="optFunc">Makes the optimizer on the first fit (fastai's Adam when null).</param>
    /// <param name="lr">The default learning rate.</param>
    /// <param name="splitter">Splits the model's parameters into groups for discriminative learning rates and freezing (one group when null).</param>
    /// <param name="cbs">Callbacks added to the default ones.</param>
    /// <param name="metrics">Metrics computed on the validation set every epoch.</param>
    /// <param name="path">The folder for checkpoints (under models/) and exports.</param>
    /// <param name="device">The device of the model and batches (the CPU when null).</param>
    public Learner(DataLoaders dls, nn.Module<Tensor, Tensor> model, LossFunction lossFunc, OptimizerFactory? optFunc = null, double lr = 1e-3,
        Func<nn.Module<Tensor, Tensor>, IReadOnlyList<IReadOnlyList<Parameter>>>? splitter = null, IEnumerable<Callback>? cbs = null,
        IEnumerable<Metric>? metrics = null, string path = ".", Device? device = null)
    {
        Dls = dls;
        Model = model;
        // The convolutions oneDNN computes wrongly in contiguous memory run channels-last, whoever built the model.
        Modules.MemoryFormats.GuardConvolutions(model);
        _lossFunc = lossFunc ?? throw new ArgumentNullException(nameof(lossFunc));
        OptFunc = optFunc ?? Optimizers.OptFuncs.Adam();
        Lr = CheckLr(lr);
        Path = path;
        Splitter = splitter ?? (m => [[.. m.parameters()]]);
        Metrics = [.. metrics ?? []];
        Device = device ?? CPU;
        Model.to(Device);
        Dls.Device = Device;
        AddCbs([new TrainEvalCallback(), new Recorder(), new ProgressCallback(), .. cbs ?? []]);
    }

    /// <summary>The training and validation data.</summary>
    public DataLoaders Dls { get; }
    /// <summary>The model being trained.</summary>
    public nn.Module<Tensor, Tensor> Model { get; }
    /// <summary>The loss function (a callback may swap it for a while, as MixUp does during training).</summary>
    public LossFunction LossFunc
    {
        get => _lossFunc;
        set => _lossFunc = value ?? throw new ArgumentNullException(nameof(value));
    }

    private LossFunction _lossFunc;
    /// <summary>Makes the optimizer on the first fit.</summary>
    public OptimizerFactory OptFunc { get; }
    /// <summary>Splits the model's parameters into groups (earliest layers first) for discriminative learning rates and freezing.</summary>
    public Func<nn.Module<Tensor, Tensor>, IReadOnlyList<IReadOnlyList<Parameter>>> Splitter { get; }
    /// <summary>The default learning rate.</summary>
    public double Lr { get; set; }
    /// <summary>The metrics computed on the validation set every epoch.</summary>
    public List<Metric> Metrics { get; }
    /// <summary>The folder that checkpoints (under models/) and exports go to.</summary>
    public string Path { get; set; }
    /// <summary>The device of the model and batches.</summary>
    public Device Device { get; }
    /// <summary>Whether batchnorm and bias parameters get weight decay (fastai's wd_bn_bias, off by default).</summary>
    public bool WdBnBias { get; set; }
    /// <summary>Whether batchnorm layers stay trainable in frozen groups (fastai's train_bn, on by default).</summary>
    public bool TrainBn { get; set; } = true;
    /// <summary>The momentum schedule of one-cycle training: start, middle, end.</summary>
    public (double Start, double Middle, double End) Moms { get; set; } = (0.95, 0.85, 0.95);
    /// <summary>How to rebuild the model: a ModelZoo architecture and its arguments (needed by Export so that LoadLearner works without the
    /// training code).</summary>
    public Modules.ModelSpec? Spec { get; set; }
    /// <summary>The callbacks, in the order they run.</summary>
    public IReadOnlyList<Callback> Cbs => _cbs;
    /// <summary>The optimizer, created on the first fit.</summary>
    public Optimizer? Opt { get; set; }

    /// <summary>The current epoch and the number of epochs of the fit.</summary>
    public int Epoch { get; set; }
    /// <inheritdoc cref="Epoch" />
    public int NEpoch { get; set; }
    /// <summary>The current batch index and the number of batches of the current loader.</summary>
    public int Iter { get; set; }
    /// <inheritdoc cref="Iter" />
    public int NIter { get; set; }
    /// <summary>Whether the current pass trains (set by TrainEvalCallback).</summary>
    public bool Training { get; set; }
    /// <summary>The loader of the current pass.</summary>
    public TfmdDL? Dl { get; set; }
    /// <summary>The current batch, its predictions, its loss for logging (detached) and for the backward pass.</summary>
    public Batch? Batch { get; set; }
    /// <inheritdoc cref="Batch" />
    public Tensor? Pred { get; set; }
    /// <inheritdoc cref="Batch" />
    public Tensor? Loss { get; set; }
    /// <inheritdoc cref="Batch" />
    public Tensor? LossGrad { get; set; }
    /// <summary>The settings of the run that a checkpoint is saved with and that Resume requires again (option names and values, set by the
    /// application; none by default): a run continued with other options would silently become a different one.</summary>
    public IDictionary<string, string> ResumeSettings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
    /// <summary>The learning rate of each parameter group as the fit under way (or the last one) began it, before any schedule: saved in checkpoints,
    /// so that a fit resumed with other learning rates is refused.</summary>
    public IReadOnlyList<double>? FitLrs { get; private set; }
    /// <summary>Set by Resume: the next fit continues from this point instead of starting over (cleared when that fit ends).</summary>
    public ResumePoint? Resuming { get; set; }
    /// <summary>Set by a callback that stops the fit for the user (InterruptCallback on Ctrl-C): a run of several fits, such as FineTune, ends
    /// there too; cleared when the next fit starts.</summary>
    public bool StopRequested { get; set; }

    /// <summary>Training iterations done in this fit and the fraction of the fit done (set by TrainEvalCallback).</summary>
    public int TrainIter { get; set; }
    /// <inheritdoc cref="TrainIter" />
    public double PctTrain { get; set; }

    /// <summary>The Recorder callback.</summary>
    public Recorder Recorder => Cb<Recorder>() ?? throw new InvalidOperationException("this learner has no Recorder");

    /// <summary>The first callback of a type, or null.</summary>
    public T? Cb<T>() where T : Callback => _cbs.OfType<T>().FirstOrDefault();

    /// <summary>Adds callbacks, keeping them sorted by Order; callbacks of equal Order keep the order they were added in (a stable sort, as fastai's
    /// sorted).</summary>
    public void AddCbs(IEnumerable<Callback> cbs)
    {
        foreach (var cb in cbs) { cb.Learn = this; _cbs.Add(cb); cb.AfterCreate(); }
        var sorted = _cbs.OrderBy(cb => cb.Order).ToList();
        _cbs.Clear();
        _cbs.AddRange(sorted);
    }

    /// <summary>Removes callbacks.</summary>
    public void RemoveCbs(IEnumerable<Callback> cbs) { foreach (var cb in cbs) _cbs.Remove(cb); }

    /// <summary>Creates the optimizer from OptFunc over the splitter's groups, without weight decay on batchnorm and bias parameters unless WdBnBias;
    /// the one it replaces is disposed.</summary>
    public void CreateOpt()
    {
        var previous = Opt;
        Opt = OptFunc(Splitter(Model), Lr);
        if (!WdBnBias) Opt.NoWeightDecay.UnionWith(Modules.ModelParts.BatchNormAndBiasParams(Model));
        previous?.Dispose();
    }

    /// <summary>Trains for nEpoch epochs at learning rate lr for every group (the learner's Lr when null), with temporary extra callbacks.</summary>
    public void Fit(int nEpoch, double? lr = null, double? wd = null, IEnumerable<Callback>? cbs = null, bool resetOpt = false) =>
        FitWith(nEpoch, () => PrepareOpt(lr, null, resetOpt), wd, cbs);

    /// <summary>Trains for nEpoch epochs with discriminative learning rates spread over the parameter groups.</summary>
    public void Fit(int nEpoch, Slice lr, double? wd = null, IEnumerable<Callback>? cbs = null, bool resetOpt = false) =>
        FitWith(nEpoch, () => PrepareOpt(null, lr, resetOpt), wd, cbs);

    /// <summary>Creates the optimizer when needed and sets its learning rates: one for all groups, or a slice spread over them.</summary>
    public Optimizer PrepareOpt(double? lr = null, Slice? lrs = null, bool resetOpt = false)
    {
        if (resetOpt && Resuming is not null)
            throw new ArgumentException("resetOpt would discard the optimizer state the resumed checkpoint restored; resume without it", nameof(resetOpt));
        if (resetOpt || Opt is null) CreateOpt();
        if (lrs is { } s) Opt!.SetHyper("lr", [.. s.Expand(Opt.ParamGroups.Count).Select(CheckLr)]);
        else Opt!.SetHyper("lr", CheckLr(lr ?? Lr));
        return Opt;
    }

    private void FitWith(int nEpoch, Func<Optimizer> prepareOpt, double? wd, IEnumerable<Callback>? cbs)
    {
        if (nEpoch < 1) throw new ArgumentOutOfRangeException(nameof(nEpoch), nEpoch, "the number of epochs must be at least 1");
        var extra = cbs?.ToList() ?? [];
        StopRequested = false;
        AddCbs(extra);
        try
        {
            var opt = prepareOpt();
            NEpoch = nEpoch;
            if (Resuming is { } r) ResumedFit.Prepare(this, r, wd, extra);
            FitLrs = [.. opt.ParamGroups.Select(g => g["lr"])];
            if (wd is { } w) opt.SetHyper("wd", w);
            Running(() => WithEvents<CancelFitException>(DoFit));
        }
        finally { RemoveCbs(extra); Resuming = null; }
    }

    /// <summary>Runs all epochs.</summary>
    protected virtual void DoFit()
    {
        for (Epoch = Resuming?.Epoch ?? 0; Epoch < NEpoch; Epoch++) WithEvents<CancelEpochException>(DoEpoch);
    }

    /// <summary>Runs one epoch: training then validation.</summary>
    protected virtual void DoEpoch() { DoEpochTrain(); DoEpochValidate(); }

    /// <summary>Runs the training pass over the training loader.</summary>
    protected virtual void DoEpochTrain()
    {
        Dl = Dls.Train;
        WithEvents<CancelTrainException>(AllBatches);
    }

    /// <summary>Runs the validation pass, without gradients, over dl (the validation loader by default).</summary>
    public virtual void DoEpochValidate(TfmdDL? dl = null)
    {
        Dl = dl ?? Dls.Valid;
        using var noGrad = no_grad();
        Running(() => WithEvents<CancelValidException>(AllBatches));   // outside a fit (GetPreds, Validate), the pass is a run of its own
    }

    /// <summary>Runs every batch of the current loader.</summary>
    protected virtual void AllBatches()
    {
        (NIter, Iter) = (Dl!.Count, Dl.Next.Batch);   // a resumed epoch starts where its checkpoint left off
        var i = Iter;
        foreach (var batch in Dl) OneBatch(i++, batch);
    }

    /// <summary>Runs one batch inside its own dispose scope, which frees the batch and every tensor made for it.</summary>
    protected virtual void OneBatch(int i, Batch batch)
    {
        using var scope = NewDisposeScope();
        scope.Attach(batch.Parts);
        (Iter, Batch) = (i, batch);
        try { WithEvents<CancelBatchException>(DoOneBatch); }
        finally { (Batch, Pred, Loss, LossGrad) = (null, null, null, null); }
    }

    /// <summary>fastai's _do_one_batch: the prediction, the loss, and when training the gradient step, with their events; each piece is a small
    /// virtual method, so a subclass overrides only the one it changes.</summary>
    protected virtual void DoOneBatch()
    {
        try
        {
            DoPred();
            Dispatch(Event.AfterPred);
            DoLoss();
        }
        catch (Exception e) when (e is not (CancelException or CallbackException))
        {
            throw new InvalidOperationException($"{(Training ? "training" : "validation")} batch {Iter} of epoch {Epoch} " +
                $"(inputs {Formats.Shape(Batch!.X)}, targets {(Batch.HasTargets ? Formats.Shape(Batch.Y) : "none")}): {e.Message}", e);
        }
        Dispatch(Event.AfterLoss);
        if (Training) DoGradOpt();
    }

    /// <summary>The prediction: Pred from the batch's inputs (called as PyTorch's model(x), so the forward hooks of the model itself run).</summary>
    protected virtual void DoPred() => Pred = Model.call(Batch!.X);

    /// <summary>The loss: LossGrad for the backward pass from the prediction and the batch's targets, and Loss, its detached copy, for logging.</summary>
    protected virtual void DoLoss()
    {
        LossGrad = LossFunc.Forward(Pred!, Batch!.Y);
        Loss = LossGrad.detach();
    }

    /// <summary>fastai's _do_grad_opt: backward, step and zero_grad, each with its events and its cancel.</summary>
    protected virtual void DoGradOpt()
    {
        WithEvents<CancelBackwardException>(() => LossGrad!.backward());
        WithEvents<CancelStepException>(Opt!.Step);
        WithEvents<CancelZeroGradException>(Opt!.ZeroGrad);
    }

    /// <summary>Sends an event to every callback; as in fastai, RunTrain and RunValid gate only the batch-level events (EventTable says which).</summary>
    public void Dispatch(Event e)
    {
        var row = EventTable.Of(e);
        foreach (var cb in _cbs.ToArray())
        {
            if (row.BatchLevel && !(Training ? cb.RunTrain : cb.RunValid)) continue;
            try { row.Invoke(cb); }
            catch (Exception ex) when (ex is not (CancelException or CallbackException))
            {
                var where = row.BatchLevel ? $" at epoch {Epoch}, {(Training ? "training" : "validation")} batch {Iter}"
                    : e is Event.BeforeFit or Event.AfterFit or Event.AfterCancelFit ? "" : $" at epoch {Epoch}";
                throw new CallbackException(cb, e, where, ex);
            }
        }
    }

    /// <summary>fastai's _with_events: runs body between the before and after events of the stage TCancel cancels (EventTable); a TCancel runs the
    /// after-cancel event, then the after event. Any other exception — an error, or the cancel of an outer stage — leaves the stage with no
    /// After… event: a stage that did not finish is never recorded or saved.</summary>
    protected void WithEvents<TCancel>(Action body) where TCancel : CancelException
    {
        ArgumentNullException.ThrowIfNull(body);
        var (before, afterCancel, after) = EventTable.Stage<TCancel>();
        try { Dispatch(before); body(); }
        catch (TCancel) { Dispatch(afterCancel); }
        Dispatch(after);
    }

    private int _running;

    /// <summary>Runs an outermost loop (a fit, or a validation pass outside one); when it ends, however it ends, every callback's Cleanup runs once.
    /// </summary>
    private void Running(Action body)
    {
        _running++;
        var completed = false;
        try
        {
            body();
            completed = true;
        }
        finally
        {
            if (--_running == 0) CleanUp(rethrow: completed);
        }
    }

    private void CleanUp(bool rethrow)
    {
        Exception? first = null;
        foreach (var cb in _cbs.ToArray())
        {
            try { cb.Cleanup(); }
            catch (Exception e) { first ??= new InvalidOperationException($"{cb.GetType().Name}.Cleanup failed: {e.Message}", e); }
        }
        if (rethrow && first is not null) throw first;   // while an exception is leaving the loop, that one is reported
    }

    /// <summary>Checks that a learning rate is positive and finite, naming the value otherwise.</summary>
    public static double CheckLr(double lr) => double.IsFinite(lr) && lr > 0 ? lr
        : throw new ArgumentOutOfRangeException(nameof(lr), lr, $"the learning rate must be a positive finite number, got {lr}");
}

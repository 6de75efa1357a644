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
        LossFunc = lossFunc;
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
    /// <summary>The loss function.</summary>
    public LossFunction LossFunc { get; }
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
    /// <summary>How to rebuild the model (needed by Export so that LoadLearner works without the training code).</summary>
    public Modules.ModelSpec? Arch { get; set; }
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
    /// <summary>The exception ending the current stage early while its After… events run — an error, or a cancel on its way to an outer stage
    /// (callbacks that record or save skip their work then); null otherwise.</summary>
    public Exception? Failure { get; private set; }
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

    /// <summary>Adds callbacks, keeping them sorted by Order.</summary>
    public void AddCbs(IEnumerable<Callback> cbs)
    {
        foreach (var cb in cbs) { cb.Learn = this; _cbs.Add(cb); cb.AfterCreate(); }
        _cbs.Sort((a, b) => a.Order.CompareTo(b.Order));
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
        if (resetOpt || Opt is null) CreateOpt();
        if (lrs is { } s) Opt!.SetHyper("lr", [.. s.Expand(Opt.ParamGroups.Count).Select(CheckLr)]);
        else Opt!.SetHyper("lr", CheckLr(lr ?? Lr));
        return Opt;
    }

    private void FitWith(int nEpoch, Func<Optimizer> prepareOpt, double? wd, IEnumerable<Callback>? cbs)
    {
        if (nEpoch < 1) throw new ArgumentOutOfRangeException(nameof(nEpoch), nEpoch, "the number of epochs must be at least 1");
        var extra = cbs?.ToList() ?? [];
        (Failure, StopRequested) = (null, false);
        AddCbs(extra);
        try
        {
            var opt = prepareOpt();
            if (wd is { } w) opt.SetHyper("wd", w);
            NEpoch = nEpoch;
            if (Resuming is { } r && r.NEpoch != nEpoch)
                throw new ArgumentException($"the checkpoint being resumed was saved in a fit of {r.NEpoch} epochs; resume it with the same number, " +
                    $"not {nEpoch} (the schedules depend on it)", nameof(nEpoch));
            WithEvents(DoFit, Event.BeforeFit, Event.AfterCancelFit, Event.AfterFit, typeof(CancelFitException));
        }
        finally { RemoveCbs(extra); Resuming = null; }
    }

    /// <summary>Runs all epochs.</summary>
    protected virtual void DoFit()
    {
        for (Epoch = Resuming?.Epoch ?? 0; Epoch < NEpoch; Epoch++)
            WithEvents(DoEpoch, Event.BeforeEpoch, Event.AfterCancelEpoch, Event.AfterEpoch, typeof(CancelEpochException));
    }

    /// <summary>Runs one epoch: training then validation.</summary>
    protected virtual void DoEpoch() { DoEpochTrain(); DoEpochValidate(); }

    /// <summary>Runs the training pass over the training loader.</summary>
    protected virtual void DoEpochTrain()
    {
        Dl = Dls.Train;
        WithEvents(AllBatches, Event.BeforeTrain, Event.AfterCancelTrain, Event.AfterTrain, typeof(CancelTrainException));
    }

    /// <summary>Runs the validation pass, without gradients, over dl (the validation loader by default).</summary>
    public virtual void DoEpochValidate(TfmdDL? dl = null)
    {
        Dl = dl ?? Dls.Valid;
        Failure = null;   // nothing is failing when a pass begins (GetPreds runs one outside any fit)
        using var noGrad = no_grad();
        WithEvents(AllBatches, Event.BeforeValidate, Event.AfterCancelValidate, Event.AfterValidate, typeof(CancelValidException));
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
        scope.Attach([batch.X, batch.Y]);
        (Iter, Batch) = (i, batch);
        try { WithEvents(DoOneBatch, Event.BeforeBatch, Event.AfterCancelBatch, Event.AfterBatch, typeof(CancelBatchException)); }
        finally { (Batch, Pred, Loss, LossGrad) = (null, null, null, null); }
    }

    /// <summary>Forward, loss, and when training backward, step and zero_grad, each with its events.</summary>
    protected virtual void DoOneBatch()
    {
        try
        {
            Pred = Model.call(Batch!.X);   // call, as PyTorch's model(x): the forward hooks of the model itself run too
            Dispatch(Event.AfterPred);
            LossGrad = LossFunc.Forward(Pred, Batch.Y);
            Loss = LossGrad.detach();
        }
        catch (Exception e) when (e is not CancelException)
        {
            throw new InvalidOperationException($"{(Training ? "training" : "validation")} batch {Iter} of epoch {Epoch} " +
                $"(inputs {Formats.Shape(Batch!.X)}, targets {Formats.Shape(Batch.Y)}): {e.Message}", e);
        }
        Dispatch(Event.AfterLoss);
        if (!Training) return;
        WithEvents(() => LossGrad!.backward(), Event.BeforeBackward, Event.AfterCancelBackward, Event.AfterBackward, typeof(CancelBackwardException));
        WithEvents(Opt!.Step, Event.BeforeStep, Event.AfterCancelStep, Event.AfterStep, typeof(CancelStepException));
        WithEvents(Opt!.ZeroGrad, Event.BeforeZeroGrad, Event.AfterCancelZeroGrad, Event.AfterZeroGrad, typeof(CancelZeroGradException));
    }

    /// <summary>Sends an event to every callback; as in fastai, RunTrain and RunValid gate only the batch-level events.</summary>
    public void Dispatch(Event e)
    {
        var inner = e is >= Event.BeforeBatch and <= Event.AfterBatch;   // Event lists the batch-level events together
        foreach (var cb in _cbs.ToArray())
        {
            if (inner && !(Training ? cb.RunTrain : cb.RunValid)) continue;
            try { cb.Invoke(e); }
            catch (Exception ex) when (ex is not (CancelException or CallbackException))
            {
                var where = inner ? $" at epoch {Epoch}, {(Training ? "training" : "validation")} batch {Iter}"
                    : e is Event.BeforeFit or Event.AfterFit or Event.AfterCancelFit ? "" : $" at epoch {Epoch}";
                throw new CallbackException(cb, e, where, ex);
            }
        }
    }

    /// <summary>Runs body between its before and after events; a matching cancel exception runs the after-cancel event; the after event always runs.</summary>
    /// <remarks>An exception passing through this stage — an error, or the cancel of an outer stage (Ctrl-C cancels the fit from a batch) — leaves
    /// the stage unfinished: Failure holds it while the after event runs, so nothing records or saves a half-done epoch. The stage a cancel belongs
    /// to ends normally: Failure is cleared before its after-cancel and after events.</remarks>
    protected void WithEvents(Action body, Event before, Event afterCancel, Event after, Type cancel)
    {
        try { Dispatch(before); body(); }
        catch (CancelException e) when (cancel.IsInstanceOfType(e))
        {
            if (ReferenceEquals(Failure, e)) Failure = null;
            Dispatch(afterCancel);
        }
        catch (Exception e)
        {
            Failure ??= e;
            try { Dispatch(after); }
            catch (Exception) { /* the original exception is the one to report */ }
            throw;
        }
        Dispatch(after);
    }

    /// <summary>Checks that a learning rate is positive and finite, naming the value otherwise.</summary>
    public static double CheckLr(double lr) => double.IsFinite(lr) && lr > 0 ? lr
        : throw new ArgumentOutOfRangeException(nameof(lr), lr, $"the learning rate must be a positive finite number, got {lr}");
}

using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;
using TaskDesk.Domain.Common;
using TaskDesk.Web.Components.Shared;
using TaskDesk.Web.Infrastructure;

namespace TaskDesk.Web.Features.ApiKeys;

public partial class ApiKeysPage
{
    private IReadOnlyList<ApiKeyView>? _keys;
    private bool _loading;
    private bool _busy;
    private string? _error;

    private string _name = "";
    private string? _nameIssue;
    private string? _createError;

    // The secret lives only in this circuit's memory, until dismissed or the page is left.
    private CreatedApiKey? _created;

    [Inject]
    private ApiKeyService ApiKeys { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private IJSRuntime Js { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = null!;

    protected override Task OnInitializedAsync() => LoadAsync();

    private static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private async Task<Actor> ActorAsync() => Actor.From((await AuthenticationState).User);

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            _keys = await ApiKeys.ListAsync(await ActorAsync());
            _error = null;
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _error = e.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private async Task CreateAsync()
    {
        _busy = true;
        _createError = null;
        try
        {
            _created = await ApiKeys.CreateAsync(await ActorAsync(), _name);
            _nameIssue = null;
            _name = "";
            await LoadAsync();
        }
        catch (DomainValidationException refused)
        {
            _nameIssue = string.Join(" ", refused.Issues.Select(i => i.Message));
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            _nameIssue = null;
            _createError = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task CopyAsync()
    {
        if (_created is null)
        {
            return;
        }

        try
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", _created.Secret);
            Snackbar.Add("Key copied to the clipboard.", Severity.Success);
        }
        catch (JSException)
        {
            // Browsers allow the clipboard only on HTTPS or localhost.
            Snackbar.Add("The browser refused the clipboard here: select the key and copy it by hand.", Severity.Warning);
        }
    }

    private void DismissSecret() => _created = null;

    private async Task RevokeAsync(ApiKeyView key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Revoke API key",
            $"Revoke “{key.Name}” ({key.Prefix}…)? Systems using it are refused from now on. This cannot be undone.",
            yesText: "Revoke",
            cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            await ApiKeys.RevokeAsync(await ActorAsync(), key.Id);
            if (_created?.Key.Id == key.Id)
            {
                _created = null;
            }

            Snackbar.Add($"API key “{key.Name}” revoked.", Severity.Success);
        }
        catch (Exception e) when (Refusal.Is(e))
        {
            Snackbar.Add(e.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }

        await LoadAsync();
    }
}

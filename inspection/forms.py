"""Forms of the review pages: the reviewer's decision, the paste-import, a restore of a refused save."""

from django import forms

from documents import word_reader
from documents.text_reader import decode_text

MAX_PASTE = 100_000  # characters: a whole outline is ~8,000, the team material ~20,000
MAX_UPLOAD = 2 * 1024 * 1024


class ReviewForm(forms.Form):
    """审阅: approve, or return with a note (or with comments already anchored to the parts)."""

    decision = forms.ChoiceField(
        label="审阅结论",
        choices=[("approve", "审阅通过"), ("return", "退回修改")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择审阅结论。", "invalid_choice": "请选择“审阅通过”或“退回修改”。"},
    )
    note = forms.CharField(
        label="审阅意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="退回修改时必填，除非已在需要修改的部分添加了修改意见。",
    )


class EndorseForm(forms.Form):
    note = forms.CharField(label="审定意见", required=False, max_length=2000)


class ImportForm(forms.Form):
    """粘贴导入: the whole outline as text, pasted or from a .txt file; previewed before it replaces anything."""

    text = forms.CharField(
        label="发言提纲全文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace"}),
        help_text="从Word或WPS中全选、复制后粘贴到这里。按“一、存在的主要问题”“（一）……方面”“1.”“一是”等编号识别结构。",
    )
    file = forms.FileField(
        label="或选择Word文档（.docx）或文本文件（.txt）",
        required=False,
        help_text="Word的自动编号（“一、”“（一）”“1.”）会一并识别，表格和图片不导入。"
        ".txt文件UTF-8或GBK/GB18030编码均可。旧版.doc文件请先在Word中另存为.docx。",
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        self.file_warnings = []
        if not upload:
            return None
        head = upload.read(len(word_reader.OLE_MAGIC))
        upload.seek(0)
        if word_reader.is_word_file(upload.name, head):
            try:
                word = word_reader.read_docx(upload.name, upload.read(word_reader.MAX_BYTES + 1))
            except word_reader.WordFileError as error:
                raise forms.ValidationError(str(error))
            self.file_warnings = word.warnings
            return word.text
        if not upload.name.lower().endswith(".txt"):
            raise forms.ValidationError(
                "只能读取Word文档（.docx）或.txt文本文件；也可以打开文件后全选、复制，粘贴到上面的文本框。"
            )
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件超过2MB，不像是一份发言提纲，请检查是否选错了文件。")
        text = decode_text(upload.read())
        if text is None:
            raise forms.ValidationError(
                "无法识别文件的文字编码（既不是UTF-8也不是GBK/GB18030），请改为复制粘贴。"
            )
        return text

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        text = data.get("file") or data.get("text") or ""
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            raise forms.ValidationError("请粘贴发言提纲的全文，或选择一个文本文件。")
        if len(text) > MAX_PASTE:
            raise forms.ValidationError(f"粘贴的文字超过{MAX_PASTE}字，请只粘贴这一份材料。")
        data["text"] = text
        return data


class RestoreForm(forms.Form):
    """Restoring a refused save: merged into the latest version, or taken as it was."""

    how = forms.ChoiceField(choices=[("merge", "合并"), ("restore", "原样恢复")])
    base_version = forms.IntegerField(min_value=0)

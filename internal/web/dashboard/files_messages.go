package dashboard

// The words of the evidence files' parts of the task page (files.go), added
// to messages at start-up so they sit beside the code that uses them.
var fileMessages = map[string]message{
	"task.files":      {"佐证材料文件", "Evidence files"},
	"file.none.yet":   {"还没有上传文件。", "No file has been uploaded yet."},
	"file.upload":     {"上传文件", "Upload a file"},
	"file.choose":     {"选择文件", "Choose a file"},
	"file.hint":       {"PDF、图片、Word/Excel/PowerPoint 文档或文本,每个文件不超过 %d MiB。", "PDF, images, Word/Excel/PowerPoint documents or text, at most %d MiB each."},
	"file.size":       {"大小", "Size"},
	"file.uploadedby": {"上传人", "Uploaded by"},
	"file.attach":     {"附上已上传的文件", "Attach uploaded files"},
	"file.mayupload":  {"只有责任单位、配合单位和审核人可以上传文件。", "Only the owner, assisting units and approvers upload files."},
	"file.mayread":    {"佐证材料只对参与该任务的人员开放。", "Evidence files are open only to the people involved in the task."},
	"file.refused":    {"该文件未被接收:", "The file was not taken:"},
	"file.toolarge":   {"文件过大,每个文件不超过 %d MiB。", "The file is too large: at most %d MiB a file."},
	"file.taskfull":   {"该任务的佐证材料已达上限(共 %d MiB),请先精简后再上传。", "This task's files would go past its limit of %d MiB in all."},
	"file.none":       {"请选择一个非空文件。", "Choose a file that is not empty."},
	"file.incomplete": {"上传未完成,请重试。", "The upload did not complete; try again."},
	"file.disabled":   {"本服务器不保存文件。", "This server keeps no files."},
	"done.upload":     {"文件已上传。", "The file is uploaded."},
}

func init() {
	for k, m := range fileMessages {
		messages[k] = m
	}
}
